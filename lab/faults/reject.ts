// The peer's kernel refuses the server's segments instead of swallowing them: an RST (tcp-reset), which kills
// the connection at the next probe, or an ICMP host-unreachable, which the server ignores for a keepalive probe
// (the probe's sequence number is outside the window, tcp_v4_err), so keepalive still has to time out.
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import { injectIptablesRules } from './firewall-fault.ts';

function rejectFault(name: string, rejectWith: string, summary: string): Fault {
  const comment = `keepalive-lab-${name}`;
  return {
    name,
    summary,
    needs: () => ['iptables'],
    inject: ({ sidecar }: FaultTarget): Promise<InjectedFault> =>
      injectIptablesRules(sidecar, [{ chain: 'INPUT', spec: `-p tcp -j REJECT --reject-with ${rejectWith}` }], comment, () => 'segments refused'),
  };
}

export const rejectReset = rejectFault('reject-reset', 'tcp-reset', "answer every TCP segment to the peer with an RST (iptables REJECT --reject-with tcp-reset)");
export const icmpUnreachable = rejectFault('icmp-unreachable', 'icmp-host-unreachable', 'answer every TCP segment to the peer with ICMP host-unreachable (iptables REJECT)');
