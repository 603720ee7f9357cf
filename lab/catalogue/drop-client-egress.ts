import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'drop-client-egress',
  summary: "drop only what the client sends: the server's probes arrive, the answers never leave; ETIMEDOUT by keepalive",
  finding:
    "A one-way loss is enough: the client's kernel receives every probe and answers it, but the answers are lost, so to the server the probes are unanswered and keepalive times out exactly as for a dead peer.",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'blackhole', target: 'client', options: { direction: 'out', backend: 'iptables' } },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
