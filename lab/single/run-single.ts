// A run of one connection struck by a fault: images → topology → connection → keepalive active → fault → watch →
// verdict → down. The server is the lab's agent or any profile's (--server); everything the verdict uses is
// measured; everything the run creates is removed in `finally`.
import { now } from '../clock.ts';
import { parseKeepaliveConfig } from '../config/keepalive-config.ts';
import type { FaultTarget } from '../faults/fault.ts';
import { faultNamed } from '../faults/index.ts';
import { skippedAssessment } from '../assess.ts';
import type { RunResult } from '../run/result.ts';
import { withLabRun } from '../run/lab-run.ts';
import { DEFAULT_WATCH_MS, type RunOptions } from '../run/run-options.ts';
import type { FaultScenario } from '../scenario.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import { asShipped } from '../as-shipped.ts';
import type { RunContext } from './context.ts';
import { prepare } from './prepare.ts';
import { faultAndWatch } from './fault-phase.ts';
import { resultOf } from './single-result.ts';

/** A scenario of one connection, struck by a fault. */
export async function runSingle(scenario: FaultScenario, options: RunOptions): Promise<RunResult> {
  const config = parseKeepaliveConfig({ ...scenario.defaults, ...options.config });
  const capture = options.capture ?? true;
  const observe = options.observe ?? 'wire+agent';
  const profile = options.server ?? agentProfile; // what the profile cannot take, single-kind.ts refused before
  const progress = options.progress ?? (() => {});
  const setup = { scenario: scenario.name, progress, profile, captureFile: options.captureFile };
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
      shipped: options.serverDefaults ? asShipped(profile, config) : undefined,
      watchMs: options.watchMs ?? DEFAULT_WATCH_MS,
      ipVersion: options.ipVersion ?? 4,
      within: options.within,
      strict: options.strict ?? false,
    }),
  );
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
