// The peer's kernel refuses the server's segments instead of swallowing them: an RST (tcp-reset), which kills
// the connection at the next probe, or an ICMP host-unreachable, which the server ignores for a keepalive probe
// (the probe's sequence number is outside the window, tcp_v4_err), so keepalive still has to time out.
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import type { IpVersion } from '../runtime/network.ts';
import { injectIptablesRules } from './firewall-fault.ts';
import { toolFor } from './firewall-rules.ts';

/** `rejectWith`: the REJECT answer over IPv4 and over IPv6. */
function rejectFault(name: string, rejectWith: Record<IpVersion, string>, summary: string): Fault {
  const comment = `keepalive-lab-${name}`;
  return {
    name,
    summary,
    needs: () => ['iptables'],
    inject: ({ sidecar, network }: FaultTarget): Promise<InjectedFault> =>
      injectIptablesRules(
        sidecar,
        [{ chain: 'INPUT', spec: `-p tcp -j REJECT --reject-with ${rejectWith[network.ipVersion]}` }],
        comment,
        () => 'segments refused',
        toolFor(network.ipVersion),
      ),
  };
}

export const rejectReset = rejectFault(
  'reject-reset',
  { 4: 'tcp-reset', 6: 'tcp-reset' },
  'answer every TCP segment to the peer with an RST (iptables REJECT --reject-with tcp-reset)',
);
export const icmpUnreachable = rejectFault(
  'icmp-unreachable',
  { 4: 'icmp-host-unreachable', 6: 'icmp6-addr-unreachable' },
  'answer every TCP segment to the peer with ICMP host (IPv6: address) unreachable (iptables REJECT)',
);
