import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'drop-client',
  summary: "drop all the client's traffic, both ways, with the client still running: the server gets ETIMEDOUT by keepalive",
  finding:
    "A peer whose packets are all lost — a dead link, a firewall that silently drops — is a dead peer to TCP: nothing answers the probes, and after count of them the server's kernel aborts with ETIMEDOUT. Whether the peer's processes still run makes no difference.",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'blackhole', target: 'client', options: { direction: 'both', backend: 'iptables' } },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
