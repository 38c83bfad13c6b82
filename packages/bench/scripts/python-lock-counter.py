"""The seed's experiment as its text describes it: 10 threads x 100,000 increments under threading.Lock.

racelab's bench times this script start to exit and compares a one-shot `racelab run --strategy mutex`
with it. Nothing here is tuned: it is the obvious script a reader of the seed would write.
"""
import threading

counter = 0
lock = threading.Lock()


def increment():
    global counter
    for _ in range(100_000):
        with lock:
            counter += 1


threads = [threading.Thread(target=increment) for _ in range(10)]
[t.start() for t in threads]
[t.join() for t in threads]
print(f"Final counter: {counter}")
