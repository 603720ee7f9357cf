// A growing list of timestamped things (agent events, facts) that a run can wait on.

interface Waiter<T> {
  matches: (item: T) => boolean;
  resolve: (item: T | null) => void;
}

export class EventLog<T> {
  readonly items: T[] = [];
  private waiters: Waiter<T>[] = [];

  push(item: T): void {
    this.items.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.matches(item)) return true;
      waiter.resolve(item);
      return false;
    });
  }

  /** The first item (already pushed or still to come) that matches, or null after `timeoutMs`. */
  waitFor(matches: (item: T) => boolean, timeoutMs: number): Promise<T | null> {
    const seen = this.items.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        resolve(null);
      }, Math.max(0, timeoutMs));
      const entry: Waiter<T> = { matches, resolve: (item) => { clearTimeout(timer); resolve(item); } };
      this.waiters.push(entry);
    });
  }
}
