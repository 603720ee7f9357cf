// A crowd run's outcome as a run result: the fields reports, summaries and `report merge` read, taken over every
// connection (the outcome and time of the dead ones' median detection, the envelope of their windows), beside the
// counts of how every connection fared and the server's resources over time.
import { basename } from 'node:path';
import { type Instant, now, toMicroseconds } from '../clock.ts';
import type { InjectedFault } from '../faults/fault.ts';
import { expectedKeepaliveWindow } from '../model/keepalive-window.ts';
import type { KernelHz } from '../model/kernel-hz.ts';
import type { ExpectedWindow } from '../model/window.ts';
import type { BulkCaptureResult } from '../observe/bulk-capture.ts';
import { RESOURCE_SAMPLE_MS, type ResourceSample } from '../observe/resource-sampler.ts';
import type { Fingerprint } from '../observe/fingerprint.ts';
import { rolesFor } from '../roles.ts';
import { summarizeConfig } from '../run/result.ts';
import type { Expectation, FaultScenario } from '../scenario.ts';
import { captureLossJudgement } from '../verdict.ts';
import type { CrowdAnalysis } from './analyse.ts';
import type { ConnectionVerdict } from './judge.ts';
import { crowdJudgement, type CrowdResult, summarizeConnections } from './result.ts';
import type { CrowdTopologyPlan } from './topology.ts';

export interface CrowdOutcome {
  scenario: FaultScenario;
  run: {
    config: Parameters<typeof summarizeConfig>[0];
    fault: { name: string };
    expect: Expectation;
    topologyPlan: CrowdTopologyPlan;
    command?: string;
    connectionsFile?: string;
  };
  fingerprint: Fingerprint;
  hz: KernelHz;
  analysis: CrowdAnalysis;
  captured: BulkCaptureResult;
  faults: InjectedFault[];
  faultAt: Instant;
  resources: readonly ResourceSample[];
  setupMs: number;
  startedAt: Instant;
  runId: string;
  serverImage: string;
  /** Why this machine cannot inject the fault: the run is skipped, as a single run's would be. */
  skipped?: string;
}

export function crowdResult(o: CrowdOutcome): CrowdResult {
  const { scenario, run, analysis } = o;
  const { crowd } = run.topologyPlan;
  const summary = summarizeConnections(analysis.verdicts, { total: crowd.connections, dead: crowd.dead });
  const judged =
    o.skipped !== undefined
      ? { verdict: 'skipped' as const, reason: o.skipped }
      : (captureLossJudgement([o.captured], 'account for every connection', 'run it again on a quieter machine or with fewer connections') ??
        crowdJudgement(analysis.verdicts, summary, run.expect.outcome === 'alive'));
  const dead = analysis.verdicts.filter((verdict) => verdict.dead);
  return {
    kind: 'crowd',
    scenario: scenario.name,
    summary: scenario.summary,
    finding: scenario.finding,
    expectation: run.expect,
    roles: rolesFor('client'),
    runId: o.runId,
    ...judged,
    outcome: commonest(dead.map((verdict) => verdict.outcome)) ?? 'alive',
    measuredMs: summary.detectionMs?.median ?? null,
    outcomeSeenBy: 'wire',
    expected: envelope(dead, run, o.hz),
    hz: o.hz,
    mechanism: (commonest(dead.map((verdict) => verdict.mechanism)) ?? 'none') as CrowdResult['mechanism'],
    referenceMs: null,
    probes: [],
    probesSent: dead.reduce((sum, verdict) => sum + verdict.probes, 0),
    errorVsModelMs: null,
    eventLatencyMs: null,
    observedForMs: toMicroseconds(now() - o.faultAt),
    config: summarizeConfig(run.config),
    appliedConfig: summarizeConfig(run.config),
    server: serverOf(o),
    observedBy: ['wire', 'counters'],
    ipVersion: run.topologyPlan.ipVersion,
    observerSocketOptions: {},
    fault: faultOf(o),
    wire: wireOf(o),
    timeline: [],
    environment: o.fingerprint,
    command: run.command ?? '',
    startedAt: new Date(o.startedAt).toISOString(),
    durationMs: toMicroseconds(now() - o.startedAt),
    connections: summary,
    ...crowdFacts(o),
  };
}

function serverOf({ run, serverImage }: CrowdOutcome): CrowdResult['server'] {
  const { profile, keepalive } = run.topologyPlan;
  return {
    profile: profile.name,
    source: profile.source,
    image: serverImage,
    how: keepalive ? profile.keepalive.how : 'keepalive off: the lab sets none',
    takes: profile.keepalive.takes,
  };
}

function faultOf(o: CrowdOutcome): CrowdResult['fault'] {
  return {
    kind: o.run.fault.name,
    target: 'client',
    options: {},
    at: new Date(o.faultAt).toISOString(),
    spanMs: toMicroseconds(Math.max(0, ...o.faults.map((f) => f.spanMs))),
    evidence: { 'client containers struck': o.faults.length },
  };
}

/** The capture as a crowd keeps it: its packets and what it lost (no one connection's probes). */
function wireOf({ analysis, captured }: CrowdOutcome): CrowdResult['wire'] {
  const none = { spacingMs: [], hzFromSpacing: [], retransmissions: 0, zeroWindowProbes: 0, icmpErrors: 0 };
  return { packets: analysis.packets, ...none, droppedByKernel: captured.droppedByKernel, droppedByInterface: captured.droppedByInterface };
}

/** The server's resources over time, from the fault, and how the crowd was made. */
function crowdFacts(o: CrowdOutcome): Pick<CrowdResult, 'resources' | 'crowd'> {
  const { crowd } = o.run.topologyPlan;
  return {
    resources: {
      sampleEveryMs: RESOURCE_SAMPLE_MS,
      points: o.resources.map((sample) => ({
        atMs: toMicroseconds(sample.t - o.faultAt),
        established: sample.established,
        openFiles: sample.openFiles,
        socketMemoryBytes: sample.socketMemoryBytes,
      })),
    },
    crowd: {
      groups: crowd.groups.map((group) => ({ name: group.name, dead: group.dead, connections: group.connections })),
      connectRate: crowd.connectRate,
      setupMs: o.setupMs,
      packets: o.analysis.packets,
      analysisMs: o.analysis.analysisMs,
      ...(o.run.connectionsFile && o.skipped === undefined ? { connectionsFile: basename(o.run.connectionsFile) } : {}),
    },
  };
}

/** The window over every dead connection's own: from the earliest to the latest bound. */
function envelope(dead: ConnectionVerdict[], run: CrowdOutcome['run'], hz: KernelHz): ExpectedWindow {
  const windows = dead.flatMap((verdict) => (verdict.window ? [verdict.window] : []));
  const base = expectedKeepaliveWindow(run.config, { hz, faultSpanMs: 0 });
  if (run.expect.outcome === 'alive' || windows.length === 0) return base;
  // reduce, not Math.min(...): tens of thousands of arguments overflow the stack.
  const earliestMs = windows.reduce((least, w) => Math.min(least, w.earliestMs), Number.POSITIVE_INFINITY);
  const latestMs = windows.reduce((most, w) => Math.max(most, w.latestMs), Number.NEGATIVE_INFINITY);
  return { ...base, reference: 'last-received', earliestMs, latestMs, nominalEarliestMs: earliestMs, nominalLatestMs: latestMs };
}

function commonest(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}
