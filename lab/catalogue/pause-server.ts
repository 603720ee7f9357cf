import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'pause-server',
  summary: 'vm-pause the server: the client, holding keepalive on its own socket, gets ETIMEDOUT inside the keepalive window',
  finding:
    'Keepalive works the same from either end: a client that sets it on its socket (the agent: setKeepAlive, then net-keepalive; a library: its keepalive option) detects a paused server after count unanswered probes, with the same timing as a server detecting a paused client.',
  agentOnly: "the fault strikes the server there, and the lab's agent client (or --client) holds keepalive",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'accepted' },
  fault: { kind: 'vm-pause', target: 'server' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
