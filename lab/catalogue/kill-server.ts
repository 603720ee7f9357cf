import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'kill-server',
  summary: "kill the server's process: its kernel sends FIN and the client sees end-of-stream at once; the lab then restarts it",
  finding:
    "A crashed server is not a dead peer: its kernel is alive and closes the connection for it, so the client learns at once — keepalive plays no part. What the application then sees is its library's reconnection until the server is back (the lab restarts it, as a supervisor would).",
  agentOnly: "the fault strikes the server there, and the lab's agent client (or --client) holds keepalive",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'accepted' },
  fault: { kind: 'kill', target: 'server', options: { restart: 'yes' } },
  expect: { outcome: 'error', codes: ['end'], by: 'immediate' },
});
