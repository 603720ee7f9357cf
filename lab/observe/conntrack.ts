// A middlebox's memory of a flow, from its conntrack table: `conntrack -L` sampled in the router's namespace, each
// entry's remaining timeout read off, and the life of the flow's entry told from the samples — created, refreshed
// by every packet that passed (its timeout back at the full NAT timeout), and gone. The kernel removes an expired
// entry only when its garbage collector comes by, so the moment it expired is inferred from the last sample that
// showed it: it had `timeout` whole seconds left then.
import { createInterface } from 'node:readline';
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';
import type { ObservationSource } from './facts.ts';

export interface ConntrackEntry {
  protocol: string;
  /** Whole seconds left before it expires. */
  timeoutS: number;
  state: string;
  /** The original direction (as the client sent it) and the reply direction (as the server answers, after NAT). */
  original: { src: string; dst: string; sport: number; dport: number };
  reply: { src: string; dst: string; sport: number; dport: number };
  assured: boolean;
}

/** One line of `conntrack -L` (e.g. "tcp 6 4 ESTABLISHED src=… dst=… sport=… dport=… src=… … [ASSURED] mark=0 use=1"); null for anything else. */
export function parseConntrackLine(line: string): ConntrackEntry | null {
  const match = /^(\w+)\s+\d+\s+(\d+)\s+([A-Z_]+)?\s*(.*)$/.exec(line.trim());
  if (!match) return null;
  const fields = [...match[4]!.matchAll(/(src|dst|sport|dport)=(\S+)/g)].map((m) => [m[1]!, m[2]!] as const);
  if (fields.length < 8) return null;
  const direction = (from: number) => {
    const get = (name: string) => fields.slice(from, from + 4).find(([key]) => key === name)?.[1] ?? '';
    return { src: get('src'), dst: get('dst'), sport: Number(get('sport')), dport: Number(get('dport')) };
  };
  return {
    protocol: match[1]!,
    timeoutS: Number(match[2]),
    state: match[3] ?? '',
    original: direction(0),
    reply: direction(4),
    assured: line.includes('[ASSURED]'),
  };
}

export interface ConntrackSample {
  /** ms since the epoch, the Docker host's clock. */
  t: number;
  entries: ConntrackEntry[];
}

/** The life of one flow's entry, from the samples (times in ms since the epoch). */
export interface EntryLife {
  /** The first sample that showed it. */
  seenFrom: number | null;
  /** The samples where its timeout was back up: a packet passed since the sample before. */
  refreshes: number[];
  /** The last sample that showed it, and the whole seconds it had left then. */
  lastSeen: { t: number; timeoutS: number } | null;
  /** When it expired: by the last sample's whole seconds left, within [earliest, earliest + 1 s), and not after `goneBy`. */
  expired: { earliest: number; latest: number } | null;
  /** The first sample after the last that did not show it. */
  goneBy: number | null;
}

/** The entry of the flow the client opened from `clientPort` (its original source port), through the samples. */
export function entryLife(samples: readonly ConntrackSample[], clientPort: number): EntryLife {
  const life: EntryLife = { seenFrom: null, refreshes: [], lastSeen: null, expired: null, goneBy: null };
  let previous: { t: number; timeoutS: number } | null = null;
  for (const sample of samples) {
    const entry = sample.entries.find((e) => e.original.sport === clientPort);
    if (!entry) {
      if (life.lastSeen && life.goneBy === null) life.goneBy = sample.t;
      continue;
    }
    if (life.goneBy !== null) break; // a new entry for the same port: the flow was picked up again — the old life ends here
    life.seenFrom ??= sample.t;
    if (previous && entry.timeoutS > previous.timeoutS - (sample.t - previous.t) / 1000 + 1) life.refreshes.push(sample.t);
    previous = { t: sample.t, timeoutS: entry.timeoutS };
    life.lastSeen = previous;
  }
  if (life.lastSeen && life.goneBy !== null) {
    const earliest = life.lastSeen.t + life.lastSeen.timeoutS * 1000;
    life.expired = { earliest, latest: Math.max(earliest, Math.min(life.lastSeen.t + (life.lastSeen.timeoutS + 1) * 1000, life.goneBy)) };
  }
  return life;
}

/** Samples the router's conntrack table every `everyMs`, for the flows to `port`. */
export class ConntrackSampler implements ObservationSource<readonly ConntrackSample[]> {
  readonly name = 'conntrack';
  readonly samples: ConntrackSample[] = [];
  private readonly command: StreamingCommand;

  private constructor(command: StreamingCommand) {
    this.command = command;
    let current: ConntrackSample | null = null;
    createInterface({ input: command.stdout }).on('line', (line) => {
      const stamp = /^@(\d+\.\d+)$/.exec(line.trim());
      if (stamp) {
        current = { t: Number(stamp[1]) * 1000, entries: [] };
        this.samples.push(current);
        return;
      }
      const entry = parseConntrackLine(line);
      if (entry && current) current.entries.push(entry);
    });
  }

  static async start(router: Sidecar, port: number, everyMs = 250): Promise<ConntrackSampler> {
    const script = `while :; do echo "@$EPOCHREALTIME"; conntrack -L -p tcp --orig-port-dst ${port} 2>/dev/null; sleep ${everyMs / 1000}; done`;
    return new ConntrackSampler(await router.stream(script, 'bash'));
  }

  async stop(): Promise<void> {
    await this.command.stop();
  }

  result(): readonly ConntrackSample[] {
    return this.samples;
  }
}
