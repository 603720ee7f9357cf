// The server's own view of its clients as an observation source: a profile's command run in the server's
// container (Redis CLIENT LIST, PostgreSQL pg_stat_activity) every 250 ms, from before the fault until the server
// has let the observed client go or the watch ends. Its output is a line per client naming its address:port, or a
// single count; the lab's own query, from loopback, is not counted.
import { now } from '../clock.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { FactLog, ObservationSource } from './facts.ts';

const POLL_EVERY_MS = 250;

export interface ClientsSeen {
  count: number;
  /** Whether the server lists the observed client; null when its command only counts. */
  holds: boolean | null;
}

/** Reads a clients command's output: a line per client (naming address:port), or one number. */
export function clientsFrom(output: string, client: string): ClientsSeen {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (lines.length === 1 && /^\d+$/.test(lines[0]!)) return { count: Number(lines[0]), holds: null };
  const clients = lines.filter((line) => {
    const address = FIRST_ENDPOINT.exec(line)?.[1];
    return address !== undefined && !/^(?:127\.|\[?::1\]?$)/.test(address); // the lab's own query comes from loopback
  });
  return { count: clients.length, holds: lines.some((line) => containsEndpoint(line, client)) };
}

/** The first address:port in a line (Redis names the client first, then its local end). */
const FIRST_ENDPOINT = /(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|::1):\d+/;

function containsEndpoint(line: string, endpoint: string): boolean {
  const index = line.indexOf(endpoint);
  return index >= 0 && !/\d/.test(line[index + endpoint.length] ?? '');
}

export interface ServerViewResult {
  /** The command, as the report names the source. */
  source: string;
  before: number;
  after: number | null;
  /** When the server was first seen without the observed client (or with fewer clients). */
  changedAt: number | null;
  /** The last poll that still showed it: the server let it go between this and `changedAt`. */
  heldUntil: number;
}

export class ServerView implements ObservationSource {
  readonly name = 'server';
  private readonly container: RunContainer;
  private readonly command: string[];
  private readonly client: string;
  private readonly connection: string;
  private readonly facts: FactLog;
  private readonly before: ClientsSeen;
  private last: ClientsSeen;
  private changedAt: number | null = null;
  private heldUntil = now();
  private polling?: Promise<void>;
  private stopping = false;

  private constructor(container: RunContainer, command: string[], client: string, connection: string, facts: FactLog, before: ClientsSeen) {
    this.container = container;
    this.command = command;
    this.client = client;
    this.connection = connection;
    this.facts = facts;
    this.before = before;
    this.last = before;
  }

  /** Reads the server's clients once (before the fault) and polls from then on. `client`: the observed client's endpoint. */
  static async start(container: RunContainer, command: string[], client: string, connection: string, facts: FactLog): Promise<ServerView> {
    const view = new ServerView(container, command, client, connection, facts, await ServerView.read(container, command, client));
    view.polling = view.poll();
    return view;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.polling;
  }

  result(): ServerViewResult {
    return { source: this.command.join(' '), before: this.before.count, after: this.last.count, changedAt: this.changedAt, heldUntil: this.heldUntil };
  }

  private async poll(): Promise<void> {
    while (!this.stopping && this.changedAt === null) {
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      const seen = await ServerView.read(this.container, this.command, this.client).catch(() => null);
      if (!seen) continue; // the server may be busy or gone: the next poll tells
      this.last = seen;
      const released = this.before.holds ? seen.holds === false : seen.count < this.before.count;
      if (!released) {
        this.heldUntil = now();
        continue;
      }
      this.changedAt = now();
      this.facts.push({ t: this.changedAt, source: 'server', connection: this.connection, kind: 'ended', signal: 'released', at: this.client });
    }
  }

  private static async read(container: RunContainer, command: string[], client: string): Promise<ClientsSeen> {
    const result = await container.container.exec(command);
    if (result.exitCode !== 0) throw new Error(`${command.join(' ')} exited ${result.exitCode}: ${result.output.trim().split('\n').at(-1)}`);
    return clientsFrom(result.stdout, client);
  }
}
