import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'freeze-server',
  summary: "docker pause the server alone (a wedged process): the client's connection stays up, because the host kernel answers its probes",
  finding:
    "A server whose process is frozen — wedged, stopped, stuck in a long pause — still has a kernel that answers: it ACKs the client's requests and its keepalive probes. Keepalive cannot see it; only the application's own timeout can. A request sent meanwhile waits, unanswered, until the server runs again.",
  agentOnly: "the fault strikes the server there, and the lab's agent client (or --client) holds keepalive",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'accepted' },
  fault: { kind: 'freeze', target: 'server' },
  expect: { outcome: 'alive', windows: 2, probes: 'answered' },
});
