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

  /** The first item (already pushed or still to come) that matches, or null after `timeoutMs` or once `signal` aborts. */
  waitFor(matches: (item: T) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<T | null> {
    const seen = this.items.find(matches);
    if (seen) return Promise.resolve(seen);
    if (signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const giveUp = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
        this.waiters = this.waiters.filter((waiter) => waiter !== entry);
        resolve(null);
      };
      const timer = setTimeout(giveUp, Math.max(0, timeoutMs));
      signal?.addEventListener('abort', giveUp);
      const entry: Waiter<T> = {
        matches,
        resolve: (item) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', giveUp);
          resolve(item);
        },
      };
      this.waiters.push(entry);
    });
  }
}
