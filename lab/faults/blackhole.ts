// blackhole: drop every packet but loopback in and/or out of the peer's namespace, with iptables (rules first
// in INPUT/OUTPUT) or nftables (the lab's own table at raw priority); checked in place, counted, removed on heal.
import type { Sidecar } from '../runtime/sidecar.ts';
import type { Fault, FaultOptions, FaultTarget, InjectedFault } from './fault.ts';
import { injectIptablesRules } from './firewall-fault.ts';
import type { IpVersion } from '../runtime/network.ts';
import { chainsOf, DIRECTIONS, type Direction, dropRules, NFT_TABLE, nftInsertCommand, nftPackets, toolFor } from './firewall-rules.ts';
import { applyInNamespace } from './namespace-change.ts';

const COMMENT = 'keepalive-lab-blackhole';
export const BACKENDS = ['iptables', 'nftables'] as const;
const DROPPED = { INPUT: 'packets dropped coming in', OUTPUT: 'packets dropped going out' } as const;

export const blackhole: Fault = {
  name: 'blackhole',
  summary: 'drop every packet in and/or out of the peer (iptables or nftables DROP)',
  parameters: { direction: DIRECTIONS, backend: BACKENDS },
  needs: (options) => [options.backend === 'nftables' ? 'nftables' : 'iptables'],
  inject({ sidecar, network }: FaultTarget, options: FaultOptions = {}): Promise<InjectedFault> {
    const direction = (options.direction ?? 'both') as Direction;
    return options.backend === 'nftables'
      ? injectNftables(sidecar, direction, network.ipVersion)
      : injectIptablesRules(sidecar, dropRules(direction, network.ipVersion), COMMENT, (chain) => DROPPED[chain], toolFor(network.ipVersion));
  },
};

function injectNftables(sidecar: Sidecar, direction: Direction, ipVersion: IpVersion): Promise<InjectedFault> {
  const chains = chainsOf(direction).map((chain) => chain.toLowerCase());
  return applyInNamespace(sidecar, {
    apply: [nftInsertCommand(direction, COMMENT, ipVersion)],
    show: `nft list table ${NFT_TABLE}`,
    problem: (table) =>
      chains.every((chain) => table.includes(`chain ${chain} {`)) && table.includes(COMMENT) ? null : 'the nftables blackhole is not in place',
    async evidence() {
      const counted = nftPackets(await sidecar.sh(`nft list table ${NFT_TABLE}`), COMMENT);
      return { [DROPPED.INPUT]: counted.input, [DROPPED.OUTPUT]: counted.output };
    },
    undo: `nft delete table ${NFT_TABLE}`,
  });
}
