import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'kill-client',
  summary: "kill the client's process: its kernel sends FIN and the server sees end-of-stream at once, not a keepalive timeout",
  finding:
    'A crashed process is not a dead peer: its kernel is alive and closes the connection for it (FIN when nothing was left unread), so the server sees end-of-stream at once. Keepalive is for peers whose kernel is gone too.',
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'kill', target: 'client' },
  expect: { outcome: 'error', codes: ['end'], by: 'immediate' },
});
