// A crowd run's result: the run's fields every report and summary reads (verdict, outcome, the window …), with
// what stands for the one connection of a single run taken over all of them, plus how every connection fared in
// counts and the server's resources over time. One line per connection goes to a JSONL file beside it.
import type { Summary } from '../model/stats.ts';
import { summarize } from '../model/stats.ts';
import { seconds } from '../format/format.ts';
import type { RunResult } from '../run/result.ts';
import type { ConnectionVerdict } from './judge.ts';

export interface ConnectionsSummary {
  total: number;
  dead: number;
  /** Dead connections the server's kernel ended (any way), and those that ended as and when expected. */
  detected: number;
  detectedInWindow: number;
  /** Live connections that were ended, or lost an answer to a probe. */
  liveDropped: number;
  /** Dead connections the server's kernel still held as established at the end of the run (ss). */
  deadStillEstablished: number;
  /** When the dead ones were detected, from their fault. */
  detectionMs: Pick<Summary, 'min' | 'median' | 'max'> | null;
  /** Connections whose handshake the capture holds: every one of them, or the run cannot account for them all. */
  seenOnWire: number;
}

export interface ResourcePoint {
  /** From the fault (the first group's). */
  atMs: number;
  established: number;
  openFiles: number;
  socketMemoryBytes: number | null;
}

export interface CrowdFacts {
  /** How the connections were spread, and how long it took to establish them all. */
  groups: { name: string; dead: boolean; connections: number }[];
  connectRate: number;
  setupMs: number;
  /** Packets the capture held, and how long the lab took to analyse them (decode and judge every connection). */
  packets: number;
  analysisMs: number;
  /** The file of one JSON line per connection, by its name beside the report; absent when none was written. */
  connectionsFile?: string;
}

export interface CrowdResult extends RunResult {
  connections: ConnectionsSummary;
  resources: { sampleEveryMs: number; points: ResourcePoint[] };
  crowd: CrowdFacts;
}

export function summarizeConnections(verdicts: readonly ConnectionVerdict[], expected: { total: number; dead: number }): ConnectionsSummary {
  const dead = verdicts.filter((verdict) => verdict.dead);
  const live = verdicts.filter((verdict) => !verdict.dead);
  const detectedTimes = dead.flatMap((verdict) => (verdict.measuredMs === null ? [] : [verdict.measuredMs]));
  const detection = summarize(detectedTimes);
  return {
    total: expected.total,
    dead: expected.dead,
    detected: detectedTimes.length,
    detectedInWindow: dead.filter((verdict) => verdict.verdict === 'pass' && verdict.measuredMs !== null).length,
    liveDropped: live.filter((verdict) => verdict.verdict === 'fail').length,
    deadStillEstablished: dead.filter((verdict) => verdict.establishedAtEnd).length,
    detectionMs: detection && { min: detection.min, median: detection.median, max: detection.max },
    seenOnWire: verdicts.length,
  };
}

/** The run's verdict over every connection, naming the first few that failed by their 4-tuple and why. */
export function crowdJudgement(
  verdicts: readonly ConnectionVerdict[],
  summary: ConnectionsSummary,
  expectAlive: boolean,
): { verdict: 'pass' | 'fail'; reason: string } {
  const failed = verdicts.filter((verdict) => verdict.verdict === 'fail');
  const missing = summary.total - summary.seenOnWire;
  const problems = [
    ...(missing > 0 ? [`${missing} of the ${summary.total} connections never showed their handshake on the wire`] : []),
    ...(failed.length > 0
      ? [
          `${failed.length} of ${summary.seenOnWire} connections failed — ${failed
            .slice(0, 3)
            .map((verdict) => `${verdict.client} (${verdict.dead ? 'dead' : 'live'}): ${verdict.reason}`)
            .join('; ')}${failed.length > 3 ? '; …' : ''}`,
        ]
      : []),
  ];
  if (problems.length > 0) return { verdict: 'fail', reason: problems.join('; ') };
  const live = summary.total - summary.dead;
  const deadPart =
    summary.dead === 0
      ? 'no connection was struck'
      : expectAlive
        ? `all ${summary.dead} dead connections still established at the end`
        : `all ${summary.dead} dead connections detected inside their windows (median ${seconds(summary.detectionMs!.median)}, ${seconds(summary.detectionMs!.min)}–${seconds(summary.detectionMs!.max)})`;
  return { verdict: 'pass', reason: `${deadPart}; none of the ${live} live ones dropped` };
}
