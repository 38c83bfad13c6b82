/** What the page is for, until the first run takes its place. */
export function Intro({ onTrace }: { onTrace(): void }) {
  return (
    <section class="panel intro" aria-labelledby="intro-heading">
      <h2 id="intro-heading">Ten threads, one counter</h2>
      <p>
        Each worker thread adds 1 to one shared counter, again and again. Without a lock (<code>none</code>) two threads
        read the same value, both write value + 1, and an update is lost. <code>mutex</code>, <code>spinlock</code> and{' '}
        <code>atomic</code> each fix it their own way, at their own cost.
      </p>
      <p>
        Press <strong>Run</strong> for the classic experiment (10 workers × 100,000 increments: the counter must reach
        1,000,000), or <strong>Compare all four</strong> to see every strategy on the same settings.
      </p>
      <p>
        To see <em>how</em> updates are lost, trace the race: every thread logs the value it read at each increment, and
        the page shows which update overwrote which — a thread paused for a moment writes back an old value and erases
        everything the others did meanwhile.
      </p>
      <div class="actions">
        <button type="button" onClick={onTrace}>
          Trace the race (none, 10 × 100,000)
        </button>
      </div>
    </section>
  );
}
