import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'drop-server',
  summary: "drop all the server's traffic, both ways, with the server still running: the client, holding keepalive, gets ETIMEDOUT",
  finding:
    "A server whose packets are all lost — a dead link, a security group that silently drops — is a dead server to the client's TCP: nothing answers its probes, and after count of them its kernel aborts with ETIMEDOUT. That the server still runs (and still holds its end) makes no difference to the client.",
  agentOnly: "the fault strikes the server there, and the lab's agent client (or --client) holds keepalive",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'accepted' },
  fault: { kind: 'blackhole', target: 'server', options: { direction: 'both', backend: 'iptables' } },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
