// A run of one connection struck by a fault: images → topology → connection → keepalive active → fault → watch →
// verdict → down. The server is the lab's agent or any profile's (--server); everything the verdict uses is
// measured; everything the run creates is removed in `finally`.
import { now } from '../clock.ts';
import { type KeepaliveConfig, parseKeepaliveConfig } from '../config/keepalive-config.ts';
import type { FaultTarget } from '../faults/fault.ts';
import { faultNamed } from '../faults/index.ts';
import { skippedAssessment } from '../assess.ts';
import type { RunResult } from '../run/result.ts';
import { withLabRun } from '../run/lab-run.ts';
import { DEFAULT_WATCH_MS, type RunOptions } from '../run/run-options.ts';
import type { FaultScenario } from '../scenario.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import { type AsShipped, asShipped } from '../as-shipped.ts';
import { applicationRun } from '../run/application-run.ts';
import type { ClientProfile } from '../clients/client-profile.ts';
import { findServer } from '../servers/index.ts';
import { appliedKeepalive, type ServerProfile } from '../servers/server-profile.ts';
import { givenIn } from '../servers/settings-refusal.ts';
import type { RunContext } from './context.ts';
import { prepare } from './prepare.ts';
import { faultAndWatch } from './fault-phase.ts';
import { resultOf } from './single-result.ts';

/** A scenario of one connection, struck by a fault. */
export async function runSingle(scenario: FaultScenario, options: RunOptions): Promise<RunResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const capture = options.capture ?? true;
  const observe = options.observe ?? 'wire+agent';
  const client = options.client;
  // What the profiles cannot take, single-kind.ts refused before; an application's client speaks to its own server unless given one.
  const profile = options.server ?? (client ? await findServer(client.server) : agentProfile);
  const progress = options.progress ?? (() => {});
  const shipped = shippedFor(options, profile, config);
  const setup = { scenario: scenario.name, progress, profile, client, captureFile: options.captureFile };
  return withLabRun(setup, (lab) =>
    execute({
      scenario,
      config,
      faultOptions: { ...scenario.fault.options, ...options.faultOptions },
      progress,
      lab,
      command: options.command ?? '',
      capture,
      observe,
      profile,
      shipped,
      application: client && applicationRun(client, options, shipped ? null : config, shipped ? shipped.applied : appliedKeepalive(client, config)),
      watchMs: options.watchMs ?? watchAsShipped(shipped, client),
      ipVersion: options.ipVersion ?? 4,
      within: options.within,
      strict: options.strict ?? false,
    }),
  );
}

/** As it ships: the server with --server-defaults; an application's client given none of the settings it takes. */
function shippedFor(options: RunOptions, profile: ServerProfile, config: KeepaliveConfig): AsShipped | undefined {
  if (options.serverDefaults) return asShipped(profile, config);
  const client = options.client;
  return client && givenIn(options.config, false).settings.length === 0 ? asShipped(client, config, 'server') : undefined;
}

/**
 * How long a run as it ships watches: 30 s for a server; for an application's client, twice the time its shipped
 * keepalive takes to find a dead server (ioredis: 2 × 40 s), so the expectation is the scenario's, not "nothing yet".
 */
function watchAsShipped(shipped: AsShipped | undefined, client: ClientProfile | undefined): number {
  return client && shipped?.detectionMs ? Math.max(DEFAULT_WATCH_MS, 2 * shipped.detectionMs) : DEFAULT_WATCH_MS;
}

export async function execute(context: RunContext): Promise<RunResult> {
  const prepared = await prepare(context);
  const fault = faultNamed(context.scenario.fault.kind);
  const target: FaultTarget = {
    docker: context.lab.client,
    peer: prepared.topology.peer.container,
    network: prepared.topology.network,
    sidecar: prepared.topology.peer.sidecar,
  };
  const unsupported = await fault.unsupported?.(target);
  if (unsupported) {
    await context.lab.stopSources();
    const assessment = skippedAssessment(context.config, prepared.hz, unsupported);
    context.lab.announce(assessment);
    return resultOf(context, prepared, assessment, { at: now(), spanMs: 0, evidence: {} }, fault);
  }
  return faultAndWatch(context, prepared, fault, target);
}
