// --connections, --dead, --connect-rate, --fault and --watch for a crowd scenario (many-clients): checked before
// anything starts, and the fault's expectation for a dead connection taken from the catalogue's scenario that
// strikes one client with it.
import { planCrowd } from '../crowd/plan.ts';
import { UsageError } from '../errors.ts';
import type { CrowdChoice } from '../run/run-options.ts';
import type { Expectation, FaultScenario, Scenario } from '../scenario.ts';
import { SCENARIOS } from '../catalogue/index.ts';

export interface CrowdFlags {
  connections?: string;
  dead?: string;
  connectRate?: string;
  fault?: string;
  watch?: string;
  serverDefaults?: boolean;
}

const FLAGS = ['connections', 'dead', 'connectRate', 'fault'] as const;
const flagName = (name: (typeof FLAGS)[number]) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The crowd the flags ask for, or undefined for a scenario of one connection (which refuses them). */
export function crowdFromFlags(scenario: Scenario, flags: CrowdFlags): (CrowdChoice & { watchMs?: number }) | undefined {
  const given = FLAGS.filter((name) => flags[name] !== undefined);
  if (scenario.crowd && flags.serverDefaults)
    throw new UsageError(`--server-defaults goes with a scenario of one connection: for a crowd without keepalive, run many-clients-no-keepalive`);
  if (!scenario.crowd) {
    if (given.length > 0)
      throw new UsageError(
        `${given.map(flagName).join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to the many-clients scenarios: ${scenario.name} watches one connection`,
      );
    return undefined;
  }
  const whole = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value)) throw new UsageError(`${flag} must be a whole number, got '${text}'`);
    return value;
  };
  const connections = whole('--connections', flags.connections) ?? scenario.crowd.connections;
  const dead = whole('--dead', flags.dead) ?? Math.floor(connections / 2);
  const connectRate = whole('--connect-rate', flags.connectRate);
  planCrowd(connections, dead, connectRate); // the same checks the run makes, before anything starts
  const watchS = whole('--watch', flags.watch);
  if (watchS !== undefined && scenario.expect.outcome !== 'alive')
    throw new UsageError(
      `--watch goes with a crowd expected to live (many-clients-no-keepalive): ${scenario.name} watches until every dead connection is detected`,
    );
  if (watchS !== undefined && watchS < 1) throw new UsageError(`--watch must be at least 1 second, got '${flags.watch}'`);
  return {
    connections,
    dead,
    ...(connectRate !== undefined ? { connectRate } : {}),
    ...(flags.fault !== undefined ? { fault: { kind: flags.fault, expect: expectationFor(scenario, flags.fault) } } : {}),
    ...(watchS !== undefined ? { watchMs: watchS * 1000 } : {}),
  };
}

/**
 * What the fault does to a dead connection: what the catalogue's scenario that strikes one client with it expects —
 * except that without keepalive nothing ends (or probes) a connection whose peer only went silent.
 */
export function expectationFor(crowd: FaultScenario, kind: string): Expectation {
  const single = [...SCENARIOS.values()].filter((scenario): scenario is FaultScenario => scenario.fault?.target === 'client' && !scenario.crowd);
  const match = single.find((scenario) => scenario.fault.kind === kind);
  if (!match) {
    const kinds = [...new Set(single.map((scenario) => scenario.fault.kind))];
    throw new UsageError(`--fault must be a fault that strikes a client: one of ${kinds.join(', ')} (got '${kind}')`);
  }
  const silent = match.expect.outcome === 'alive' || match.expect.by === 'keepalive';
  return crowd.crowd?.keepalive === false && silent ? crowd.expect : match.expect;
}
