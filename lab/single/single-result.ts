// A single run's result: its assessment with what it ran, where and how it was observed.
import { type Instant, now, toMicroseconds } from '../clock.ts';
import type { Fault, FaultEvidence } from '../faults/fault.ts';
import type { Assessment } from '../assess.ts';
import type { SourceName } from '../observe/facts.ts';
import type { ServerViewResult } from '../observe/server-view.ts';
import { buildTimeline } from '../observe/timeline.ts';
import { rolesFor } from '../roles.ts';
import { type RunResult, summarizeConfig } from '../run/result.ts';
import { containerLog } from '../runtime/server-container.ts';
import { type Prepared, type RunContext, agentIsSource, keepaliveApplied } from './context.ts';
import { applicationRecord, serverRecord } from '../run/participants.ts';

export async function resultOf(
  context: RunContext,
  prepared: Prepared,
  assessment: Assessment,
  injected: { at: Instant; spanMs: number; evidence: FaultEvidence },
  fault: Fault,
  extra: Partial<RunResult> = {},
): Promise<RunResult> {
  const { scenario, config, profile } = context;
  const { run } = context.lab;
  const observedBy: SourceName[] = [
    ...(prepared.wire ? ['wire' as const] : []),
    'counters',
    ...(agentIsSource(context) ? ['agent' as const] : []),
    ...(prepared.serverView ? ['server' as const] : []),
    ...(context.application ? ['application' as const] : []),
  ];
  const applied = keepaliveApplied(context);
  const view = prepared.serverView?.result();
  return {
    kind: 'single',
    scenario: scenario.name,
    summary: scenario.summary,
    finding: scenario.finding,
    expectation: scenario.expect,
    roles: rolesFor(scenario.fault.target),
    runId: run.runId,
    ...assessment,
    observedForMs: 0,
    config: summarizeConfig(config),
    appliedConfig: summarizeConfig(applied ?? config),
    server: serverRecord(
      profile,
      context.lab.serverImage,
      profile.agent ? undefined : (await containerLog(context.lab.client, prepared.topology.server.container.name)).trim().split('\n').slice(-SERVER_LOG_LINES),
    ),
    ...(context.shipped
      ? {
          asShipped: {
            applied: context.shipped.applied && summarizeConfig(context.shipped.applied),
            detectionMs: context.shipped.detectionMs,
            derivation: context.shipped.derivation,
            watchMs: context.watchMs,
          },
        }
      : {}),
    ...(view ? { app: appView(view, injected.at) } : {}),
    ...(context.application ? applicationRecord(context.application, context.lab.clientImage ?? '', assessment.observedKeepalive ?? null, injected.at) : {}),
    observedBy,
    ipVersion: context.ipVersion,
    connection: { client: prepared.connection.client, server: prepared.connection.server },
    observerSocketOptions: prepared.connection.heldOptions,
    fault: {
      kind: fault.name,
      target: scenario.fault.target,
      options: context.faultOptions,
      at: new Date(injected.at).toISOString(),
      spanMs: toMicroseconds(injected.spanMs),
      evidence: injected.evidence,
    },
    timeline: buildTimeline(
      agentIsSource(context) ? prepared.agentLog.items : [],
      prepared.labEvents,
      prepared.facts.items,
      injected.at,
      context.application?.log.items,
    ),
    environment: prepared.fingerprint,
    command: context.command,
    startedAt: new Date(prepared.startedAt).toISOString(),
    durationMs: toMicroseconds(now() - prepared.startedAt),
    ...extra,
  };
}

export function appView(view: ServerViewResult, faultAt: Instant): NonNullable<RunResult['app']> {
  const fromFault = (t: Instant) => toMicroseconds(t - faultAt);
  return {
    before: view.before,
    after: view.after,
    source: view.source,
    changedAtMs: view.changedAt === null ? null : fromFault(view.changedAt),
    heldUntilMs: fromFault(view.heldUntil),
  };
}

/** The server's last log lines kept in the report. */
export const SERVER_LOG_LINES = 40;
