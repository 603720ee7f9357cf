import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'tc-blackhole-client',
  summary: "swallow the client's traffic in tc blackhole qdiscs (egress, and ingress via ifb): ETIMEDOUT by keepalive",
  finding: 'Cutting the link below the firewall, in traffic control, looks the same to the server as any other silent loss: unanswered probes, then ETIMEDOUT.',
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'tc-blackhole', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
