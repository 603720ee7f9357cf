// What a machine must offer for a scenario to run, in words a CI author can act on: a matrix can leave out (or
// expect skips for) the scenarios whose capabilities a runner lacks. `keepalive-lab doctor` tries each for real.
import { FAULTS } from './faults/index.ts';
import type { Scenario } from './scenario.ts';

export const CAPABILITIES = {
  docker: 'a Docker engine running Linux containers on a Linux kernel (every scenario)',
  'net-admin': "a sidecar with NET_ADMIN in the observer's and the peer's network namespaces: tcpdump, ss, nstat (every scenario)",
  'cgroup-freezer': 'docker pause (the cgroup freezer)',
  iptables: 'iptables rules in a container namespace (the nf_tables or legacy backend)',
  nftables: 'nft tables in a container namespace',
  'tc-blackhole': 'the tc blackhole qdisc and the ifb device',
  'sch-netem': 'the tc netem qdisc (kernel module sch_netem)',
  'docker-network': 'docker network disconnect and connect',
  'container-restart': 'a killed container started again on the same address',
  'netns-sysctl': 'per-namespace TCP sysctls on a container (net.ipv4.tcp_retries2)',
} as const;

export type Capability = keyof typeof CAPABILITIES;

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
