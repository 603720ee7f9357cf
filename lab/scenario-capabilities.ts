// What a scenario needs of a machine: what every scenario needs, what its fault needs with its parameters, and
// the observer's namespace sysctls. `list` and `doctor` name only what sets a scenario apart.
import { CAPABILITIES, type Capability } from './capabilities.ts';
import { FAULTS } from './faults/index.ts';
import type { Scenario } from './scenario.ts';

/** What every scenario needs; listings name only what a scenario needs beyond it. */
const EVERY_SCENARIO: readonly Capability[] = ['docker', 'net-admin'];

/** Every capability the scenario needs, in the order of CAPABILITIES. */
export function capabilitiesOf(scenario: Scenario): Capability[] {
  const fault = FAULTS.get(scenario.fault.kind);
  if (!fault) throw new Error(`scenario ${scenario.name} names an unknown fault '${scenario.fault.kind}'`);
  const needed = new Set<Capability>([...EVERY_SCENARIO, ...fault.needs(scenario.fault.options ?? {})]);
  if (scenario.observer?.sysctls) needed.add('netns-sysctl');
  return (Object.keys(CAPABILITIES) as Capability[]).filter((capability) => needed.has(capability));
}

/** The capabilities the scenario needs beyond those every scenario needs (what sets it apart on a machine). */
export function specialCapabilitiesOf(scenario: Scenario): Capability[] {
  return capabilitiesOf(scenario).filter((capability) => !EVERY_SCENARIO.includes(capability));
}
