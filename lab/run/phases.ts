// Where a run's time goes: each phase of the lifecycle timed as it ends, in one clock (the lab's monotonic one), so
// the overhead around what the kernel must take can be seen and cut. A phase named twice adds up.
import { now, toMicroseconds } from '../clock.ts';

/** How long each phase took, ms, in the order they ran. */
export type PhaseTimes = Record<string, number>;

export class Phases {
  private readonly times: PhaseTimes = {};
  private last = now();

  /** Ends the phase under way, naming it: the time since the previous phase ended. */
  end(name: string): void {
    const at = now();
    this.times[name] = toMicroseconds((this.times[name] ?? 0) + at - this.last);
    this.last = at;
  }

  result(): PhaseTimes {
    return { ...this.times };
  }
}
