import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'reboot-client',
  summary: "the client is killed and started again on the same address, with no TCP state: ECONNRESET at the server's next probe",
  finding:
    'A rebooted peer does not stay silent: its kernel no longer knows the connection and answers the next keepalive probe with an RST, so the server gets ECONNRESET within one probe period, long before count probes could run out.',
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'reboot', target: 'client' },
  expect: { outcome: 'error', codes: ['ECONNRESET'], by: 'next-probe' },
});
