/** The runtime table's browser round: the same `runRound` as the child processes, in Web Workers. */
import { runRound } from '../src/runtimes/round.js';

Object.assign(window, { runRound });
