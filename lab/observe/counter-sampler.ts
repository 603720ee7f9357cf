// The observer's namespace counters as an observation source. Where the kernel drops a connection without a
// packet — the retransmission limit, a user timeout on a closed window — the wire shows no ending, but the
// namespace counts it: tcp_write_err() adds one to TcpExt.TCPAbortOnTimeout as it aborts a connection on a timer,
// and Tcp.CurrEstab falls. A shell loop in the sidecar reads /proc/net/snmp and /proc/net/netstat every few
// milliseconds with bash builtins only (no fork; about 0.3 ms a sample). Reading the socket table instead (ss,
// /proc/net/tcp) walks the whole established hash the namespaces share — 262,144 buckets here, 6–10 ms a read —
// which sampled finely would cost a core.
import { createInterface } from 'node:readline';
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';
import type { FactLog, ObservationSource } from './facts.ts';
import { type Counters, KEEPALIVE_PROBES_SENT, parseNetstat } from './kernel-counters.ts';

/** The pause between samples. */
export const SAMPLE_PAUSE_MS = 10;

export const TIMEOUT_ABORTS = 'TcpExt.TCPAbortOnTimeout';
export const ESTABLISHED = 'Tcp.CurrEstab';

/**
 * A timeout abort in the namespace. A sample reads the counters somewhere between its start and its end, so an
 * abort the counters show first in one sample came after the previous sample began and before this one ended.
 */
export interface AbortTrace {
  /** The end of the first sample that counted it: by then it had happened. */
  at: number;
  /** `at` − the start of the sample before: it happened somewhere in between. */
  gapMs: number;
  /** The keepalive probes the namespace counted (TcpExt.TCPKeepAlive) from the first sample to this one: what the kernel sent, whether or not it reached the wire. */
  keepaliveProbes: number;
}

export interface SamplingStats {
  samples: number;
  /** The longest span from one sample's start to the next one's end: how closely a moment is known. */
  maxGapMs: number;
}

export class CounterSampler implements ObservationSource {
  readonly name = 'counters';
  private readonly command: StreamingCommand;
  private readonly facts: FactLog;
  private readonly connection: string;
  private headers: string[] = [];
  private counters?: Counters;
  private sample?: { start: number; end: number; lines: string[] };
  private previousStart?: number;
  private samples = 0;
  private maxGapMs = 0;
  private established?: number;
  private firstKeepaliveProbes = 0;
  private abort?: AbortTrace;

  private constructor(command: StreamingCommand, facts: FactLog, connection: string) {
    this.command = command;
    this.facts = facts;
    this.connection = connection;
  }

  /**
   * Starts sampling and resolves with the first sample. `connection`: the one the namespace's aborts are about —
   * valid while it is the only connection the namespace holds (the first sample must show one established).
   */
  static async start(sidecar: Sidecar, facts: FactLog, connection: string): Promise<CounterSampler> {
    // A FIFO opened read-write never delivers data, so `read -t` on it is a sleep without a fork. The header lines
    // come once; then each sample is "@start end" and, when they changed, its value lines.
    const script = [
      'tick=$(mktemp -u); mkfifo "$tick"; exec 3<>"$tick"; rm "$tick"',
      'mapfile -t a < /proc/net/snmp; mapfile -t b < /proc/net/netstat',
      'for l in "${a[@]}" "${b[@]}"; do case "$l" in "Tcp: "[A-Z]*|"TcpExt: "[A-Z]*) echo "$l";; esac; done',
      'previous=',
      'while :; do',
      '  s=$EPOCHREALTIME; mapfile -t a < /proc/net/snmp; mapfile -t b < /proc/net/netstat; e=$EPOCHREALTIME',
      '  now=; for l in "${a[@]}" "${b[@]}"; do case "$l" in "Tcp: "[0-9-]*|"TcpExt: "[0-9]*) now+="$l"$\'\\n\';; esac; done',
      '  if [ "$now" != "$previous" ]; then printf "@%s %s\\n%s" "$s" "$e" "$now"; previous=$now; else printf "@%s %s\\n" "$s" "$e"; fi',
      `  read -t ${SAMPLE_PAUSE_MS / 1000} -u 3 || true`,
      'done',
    ].join('\n');
    const sampler = new CounterSampler(await sidecar.stream(script, 'bash'), facts, connection);
    await new Promise<void>((resolve) => {
      createInterface({ input: sampler.command.stdout }).on('line', (line) => {
        if (sampler.read(line)) resolve();
      });
    });
    return sampler;
  }

  stop(): Promise<void> {
    return this.command.stop();
  }

  /** The first timeout abort after sampling began (if the namespace held only the watched connection), and how finely it sampled. */
  result(): { abort: AbortTrace | undefined; stats: SamplingStats } {
    return { abort: this.established === 1 ? this.abort : undefined, stats: { samples: this.samples, maxGapMs: this.maxGapMs } };
  }

  /** Reads one line; true when it completed the first sample. */
  private read(line: string): boolean {
    if (!line.startsWith('@')) {
      if (/^[A-Za-z]+: [A-Za-z]/.test(line)) this.headers.push(line);
      else this.sample?.lines.push(line);
      return false;
    }
    const first = this.complete();
    const [start = 0, end = 0] = line
      .slice(1)
      .split(' ')
      .map((value) => Number(value) * 1000);
    this.sample = { start, end, lines: [] };
    return first;
  }

  /** Closes the sample read so far; true when it was the first. */
  private complete(): boolean {
    const sample = this.sample;
    if (!sample) return false;
    const changed = sample.lines.length > 0 ? this.countersOf(sample.lines) : this.counters;
    if (this.previousStart !== undefined) this.maxGapMs = Math.max(this.maxGapMs, sample.end - this.previousStart);
    const before = this.counters;
    this.counters = changed;
    this.samples += 1;
    if (this.samples === 1) {
      this.established = changed?.get(ESTABLISHED);
      this.firstKeepaliveProbes = changed?.get(KEEPALIVE_PROBES_SENT) ?? 0;
    } else if (before && changed && (changed.get(TIMEOUT_ABORTS) ?? 0) > (before.get(TIMEOUT_ABORTS) ?? 0) && !this.abort) {
      const keepaliveProbes = (changed.get(KEEPALIVE_PROBES_SENT) ?? 0) - this.firstKeepaliveProbes;
      this.abort = { at: sample.end, gapMs: sample.end - this.previousStart!, keepaliveProbes };
      if (this.established === 1) this.facts.push({ t: sample.end, source: 'counters', connection: this.connection, kind: 'ended', signal: 'aborted', at: '' });
    }
    this.previousStart = sample.start;
    return this.samples === 1;
  }

  private countersOf(values: string[]): Counters {
    const pairs = values.flatMap((line) => {
      const header = this.headers.find((candidate) => candidate.split(':')[0] === line.split(':')[0]);
      return header ? [header, line] : [];
    });
    return parseNetstat(pairs.join('\n'));
  }
}
