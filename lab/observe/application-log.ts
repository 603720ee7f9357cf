// What the application saw: the client program's JSON lines (docs/clients.md › The application's lines), read
// from its container's log as they come, with waits on them. A line that is not one (a library's warning) is kept
// out; a program that prints none is still judged from the wire.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { EventLog } from './event-log.ts';
import type { ObservationSource } from './facts.ts';

/** `request` sent, `answer`ed or `failed` (by its id); the library's own `error` event; `ready` and `close` of its connection. */
export interface ApplicationLine {
  /** ms since the epoch, the Docker host's clock. */
  t: number;
  event: string;
  id?: number;
  code?: string;
  message?: string;
}

export function parseApplicationLine(line: string): ApplicationLine | null {
  if (!line.startsWith('{')) return null;
  try {
    const value = JSON.parse(line) as Partial<ApplicationLine>;
    if (typeof value.t !== 'number' || typeof value.event !== 'string') return null;
    return {
      t: value.t,
      event: value.event,
      ...(typeof value.id === 'number' ? { id: value.id } : {}),
      ...(value.code === undefined ? {} : { code: String(value.code) }),
      ...(value.message === undefined ? {} : { message: String(value.message) }),
    };
  } catch {
    return null;
  }
}

export class ApplicationLog extends EventLog<ApplicationLine> implements ObservationSource<readonly ApplicationLine[]> {
  readonly name = 'application';

  follow(stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => {
      const parsed = parseApplicationLine(line.trim());
      if (parsed) this.push(parsed);
    });
  }

  /** The log ends with its container. */
  async stop(): Promise<void> {}

  result(): readonly ApplicationLine[] {
    return this.items;
  }
}
