import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'icmp-unreachable-client',
  summary: "answer the server's segments with ICMP host-unreachable: the ICMP is ignored for probes, ETIMEDOUT by keepalive",
  finding:
    "An ICMP host-unreachable for a keepalive probe does not end the connection: the probe's sequence number (snd_una − 1) is outside the window, so the server's kernel ignores the error (tcp_v4_err) and keepalive has to time out. A client that probes too (Redis's) draws the server's ACK, an in-window segment; the ICMP about it is kept as a soft error, and keepalive's abort then reports EHOSTUNREACH instead of ETIMEDOUT.",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'icmp-unreachable', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT', 'EHOSTUNREACH'], by: 'keepalive', wireShows: 'icmp-errors' },
});
