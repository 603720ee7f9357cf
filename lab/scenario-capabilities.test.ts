import { describe, expect, it } from 'vitest';
import { SCENARIOS } from './catalogue/index.ts';
import { CAPABILITIES } from './capabilities.ts';
import { capabilitiesOf } from './scenario-capabilities.ts';
import { defineScenario, type FaultScenario } from './scenario.ts';

const scenario = (name: string) => SCENARIOS.get(name)!;

describe('capabilities a scenario needs', () => {
  it('always a Docker engine and a NET_ADMIN sidecar, then what its fault needs', () => {
    expect(capabilitiesOf(scenario('kill-client'))).toEqual(['docker', 'net-admin']);
    expect(capabilitiesOf(scenario('pause-client'))).toEqual(['docker', 'net-admin', 'cgroup-freezer', 'iptables']);
    expect(capabilitiesOf(scenario('netem-loss-client'))).toEqual(['docker', 'net-admin', 'sch-netem']);
    expect(capabilitiesOf(scenario('reboot-client'))).toEqual(['docker', 'net-admin', 'iptables', 'container-restart']);
  });

  it("follows the fault parameters and the observer's sysctls", () => {
    const onNftables = defineScenario({
      ...(scenario('drop-client') as FaultScenario),
      fault: { kind: 'blackhole', target: 'client', options: { backend: 'nftables' } },
    });
    expect(capabilitiesOf(onNftables)).toEqual(['docker', 'net-admin', 'nftables']);
    expect(capabilitiesOf(scenario('busy-server'))).toContain('netns-sysctl');
  });

  it('names only capabilities the vocabulary explains, for every scenario', () => {
    for (const each of SCENARIOS.values()) {
      for (const capability of capabilitiesOf(each)) expect(Object.keys(CAPABILITIES)).toContain(capability);
    }
  });
});
