import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'busy-server',
  summary: 'the server has data in flight when the client vanishes: keepalive never probes, and the retransmission limit (or TCP_USER_TIMEOUT) decides',
  finding:
    'Keepalive only guards an idle connection: while sent data waits for an ACK the keepalive timer stays quiet, and the retransmission timer rules instead — tcp_retries2 (15 by default, about 15 minutes; 5 here, about 13 s), or TCP_USER_TIMEOUT when it is set.',
  agentOnly: "its server keeps data in flight by writing every 200 ms, which only the lab's agent does",
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  observer: { writeEveryMs: 200, sysctls: { 'net.ipv4.tcp_retries2': '5' } },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'retransmission' },
});
