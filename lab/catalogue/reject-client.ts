import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'reject-client',
  summary: "a firewall in front of the client answers the server's segments with RST: ECONNRESET at the next probe",
  finding:
    "A firewall that rejects with tcp-reset ends the connection at the next keepalive probe: the RST carries the right sequence number, so the server's kernel accepts it and reports ECONNRESET.",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'reject-reset', target: 'client' },
  expect: { outcome: 'error', codes: ['ECONNRESET'], by: 'next-probe' },
});
