import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'nat-keepalive-holds',
  summary:
    "A router that forgets idle flows after 5 s between client and server, keepalive on with idle 2 s: is the client's request after 15 s of silence answered?",
  finding:
    "Keepalive keeps a flow alive through a NAT or load balancer when its idle is below the middlebox's timeout: every probe and its answer pass the router and put its entry back at the full timeout, so the silence the application keeps never reaches the router. With idle not below the timeout the router forgets first, and what then happens depends on the router.",
  agentOnly: "the lab's agents are the client that falls silent and requests, and the server that answers, on either side of the router",
  defaults: { idleS: 2, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  middlebox: { natTimeoutS: 5, mode: 'drop', keepaliveOn: 'server' },
  expect: {
    outcome: 'request',
    result: { drop: 'answered', reset: 'answered', loose: 'answered' },
    whenTooSlow: {
      // The server's probe meets the forgotten flow first: dropped (it gives up), reset, or reset by the router's own stack.
      server: { drop: 'ETIMEDOUT', reset: 'ECONNRESET', loose: 'ECONNRESET' },
      // The client's probe does: its own keepalive fails first (dropped or reset), or, picked up, re-creates the mapping.
      client: { drop: 'ETIMEDOUT', reset: 'ECONNRESET', loose: 'answered' },
    },
  },
});
