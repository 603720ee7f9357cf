// Many connections at once: a client that opens a crowd of idle connections at a set pace, and, on both sides,
// a tally of socket events printed every few hundred ms instead of a line per socket (ten thousand sockets
// would flood the log the lab reads). The wire, not these events, judges each connection.
import net from 'node:net';
import { emit, type Role } from './events.ts';

/** Counts of what happened to a crowd's sockets, printed as one 'tally' event when it changed. */
export class Tally {
  private readonly counts: Record<string, number> = { opened: 0, open: 0, end: 0 };
  private readonly errors: Record<string, number> = {};
  private changed = false;
  private readonly role: Role;

  constructor(role: Role, everyMs: number) {
    this.role = role;
    setInterval(() => this.flush(), everyMs).unref();
  }

  /** Counts a socket from now until it closes. */
  follow(socket: net.Socket): void {
    this.bump('opened', 1);
    this.bump('open', 1);
    socket.on('data', () => {});
    socket.on('end', () => this.bump('end', 1));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.errors[error.code ?? 'unknown'] = (this.errors[error.code ?? 'unknown'] ?? 0) + 1;
      this.changed = true;
    });
    socket.on('close', () => this.bump('open', -1));
  }

  flush(extra: Record<string, unknown> = {}): void {
    if (!this.changed && Object.keys(extra).length === 0) return;
    this.changed = false;
    emit(this.role, 'tally', { ...this.counts, errors: { ...this.errors }, ...extra });
  }

  private bump(name: string, by: number): void {
    this.counts[name] = (this.counts[name] ?? 0) + by;
    this.changed = true;
  }
}

/**
 * Opens `connections` to host:port, `perSecond` of them a second (in batches every 10 ms, so the server's accept
 * backlog is never flooded), and says 'all-connected' once every attempt has connected or failed.
 */
export function openCrowd(host: string, port: number, connections: number, perSecond: number, tally: Tally): void {
  if (connections === 0) {
    tally.flush({ allConnected: 0, failed: 0 });
    return;
  }
  let started = 0;
  let settled = 0;
  let failed = 0;
  const settle = (ok: boolean) => {
    settled += 1;
    if (!ok) failed += 1;
    if (settled === connections) tally.flush({ allConnected: connections - failed, failed });
  };
  const batch = Math.max(1, Math.round(perSecond / 100));
  const timer = setInterval(() => {
    for (let k = 0; k < batch && started < connections; k += 1, started += 1) {
      let done = false;
      const socket = net.connect({ host, port }, () => {
        done = true;
        settle(true);
      });
      socket.once('error', () => {
        if (!done) settle(false);
        done = true;
      });
      tally.follow(socket);
    }
    if (started >= connections) clearInterval(timer);
  }, 10);
}
