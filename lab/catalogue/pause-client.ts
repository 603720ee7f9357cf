import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'pause-client',
  summary: 'vm-pause the client (freeze + blackhole): the server must get ETIMEDOUT inside the keepalive window',
  finding:
    "A peer that stops answering entirely, as a paused VM does, is detected by keepalive alone: after count unanswered probes the server's kernel aborts the connection with ETIMEDOUT.",
  // The reference article's first experiment: idle 1 s, interval 3 s, count 10, set on the listening socket.
  defaults: { idleS: 1, intervalS: 3, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
