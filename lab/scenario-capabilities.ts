// What a scenario needs of a machine: what every scenario needs, what its fault needs with its parameters, and
// the observer's namespace sysctls. `list` and `doctor` name only what sets a scenario apart.
import { CAPABILITIES, type Capability } from './capabilities.ts';
import { FAULTS } from './faults/index.ts';
import { isFaultScenario, isMiddleboxScenario, type Scenario } from './scenario.ts';

/** What every scenario needs; listings name only what a scenario needs beyond it. */
const EVERY_SCENARIO: readonly Capability[] = ['docker', 'net-admin'];

/** What a middlebox scenario needs: the router's NAT and its conntrack sysctls, the rules for a forgotten flow, the client's small tcp_retries2. */
const MIDDLEBOX: readonly Capability[] = ['iptables', 'netns-sysctl', 'conntrack-nat'];

/** Every capability the scenario needs, in the order of CAPABILITIES. */
export function capabilitiesOf(scenario: Scenario): Capability[] {
  const needed = new Set<Capability>([
    ...EVERY_SCENARIO,
    ...(isFaultScenario(scenario) ? faultNeeds(scenario.fault, scenario.name) : isMiddleboxScenario(scenario) ? MIDDLEBOX : []),
  ]);
  if (scenario.observer?.sysctls) needed.add('netns-sysctl');
  return (Object.keys(CAPABILITIES) as Capability[]).filter((capability) => needed.has(capability));
}

function faultNeeds(struck: { kind: string; options?: Record<string, string> }, scenario: string): readonly Capability[] {
  const fault = FAULTS.get(struck.kind);
  if (!fault) throw new Error(`scenario ${scenario} names an unknown fault '${struck.kind}'`);
  return fault.needs(struck.options ?? {});
}

/** The capabilities the scenario needs beyond those every scenario needs (what sets it apart on a machine). */
export function specialCapabilitiesOf(scenario: Scenario): Capability[] {
  return capabilitiesOf(scenario).filter((capability) => !EVERY_SCENARIO.includes(capability));
}
