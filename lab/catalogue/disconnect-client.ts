import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'disconnect-client',
  summary: "remove the client's network interface (docker network disconnect): ETIMEDOUT by keepalive",
  finding: "When the peer's interface disappears, nothing tells the server: no RST, no ICMP. Its probes go unanswered and keepalive times out.",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'disconnect', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
