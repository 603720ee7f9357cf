// reboot: the peer loses all TCP state but keeps its address, as a rebooted host does. Behind a blackhole (so
// nothing it sends escapes) its kernel destroys the lab connection (`ss -K`, sock_destroy), then the blackhole
// goes: the fault's moment is when the peer answers again, now with an RST to the server's next segment.
// The peer's process is not restarted: only its kernel's state matters to the server.
import { instantFromNanoseconds, toMicroseconds } from '../clock.ts';
import { AGENT_PORT } from '../runtime/agent-container.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import { dropRules, iptablesDeleteScript, iptablesInsertCommands } from './firewall-rules.ts';

const COMMENT = 'keepalive-lab-reboot';
const LAB_CONNECTION = `'( sport = :${AGENT_PORT} or dport = :${AGENT_PORT} )'`;

export const reboot: Fault = {
  name: 'reboot',
  summary: 'make the peer lose all TCP state but keep its address, as a reboot does (blackhole, ss -K, lift the blackhole)',
  async unsupported({ sidecar }: FaultTarget): Promise<string | null> {
    const config = await sidecar.sh("zcat /proc/config.gz 2>/dev/null | grep '^CONFIG_INET_DIAG_DESTROY=' || true");
    return config.trim() === '' || config.includes('=y') ? null : 'this kernel cannot destroy sockets (CONFIG_INET_DIAG_DESTROY is not set), so ss -K cannot drop the TCP state';
  },
  async inject({ sidecar }: FaultTarget): Promise<InjectedFault> {
    const rules = dropRules('both');
    const output = await sidecar.sh([
      'set -e',
      ...iptablesInsertCommands(rules, COMMENT),
      `destroyed=$(ss -K -tnH state established ${LAB_CONNECTION} | wc -l)`,
      `left=$(ss -tnH state established ${LAB_CONNECTION} | wc -l)`,
      'start=$(date +%s%N)',
      iptablesDeleteScript(rules, COMMENT),
      'end=$(date +%s%N)',
      'echo "$destroyed $left $start $end"',
    ].join('\n'));
    const [destroyed = '0', left = '', start = '0', end = '0'] = output.trim().split(' ');
    if (left !== '0') throw new Error(`ss -K left ${left} lab connection(s) in the peer's kernel: it cannot destroy sockets here`);
    const at = instantFromNanoseconds(end);
    return {
      at,
      spanMs: toMicroseconds(at - instantFromNanoseconds(start)),
      evidence: async () => ({ 'connections the peer\'s kernel forgot (ss -K)': Number(destroyed) }),
      heal: async () => {}, // the blackhole is already gone; forgotten state stays forgotten
    };
  },
};
