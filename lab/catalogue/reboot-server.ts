import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'reboot-server',
  summary: "the server is killed and started again on the same address, with no TCP state: ECONNRESET at the client's next probe",
  finding:
    "A rebooted server does not stay silent: its kernel no longer knows the connection and answers the client's next keepalive probe with an RST, so the client gets ECONNRESET within one probe period — and can reconnect at once, to a server that is already back.",
  agentOnly: "the fault strikes the server there, and the lab's agent client (or --client) holds keepalive",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'accepted' },
  fault: { kind: 'reboot', target: 'server' },
  expect: { outcome: 'error', codes: ['ECONNRESET'], by: 'next-probe' },
});
