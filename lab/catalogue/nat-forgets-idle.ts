import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'nat-forgets-idle',
  summary: "The same router, keepalive off: how does the client's request after 15 s of silence fail — dropped, reset, or picked up again?",
  finding:
    "Without keepalive an idle flow outlives the middlebox's memory of it. Then it depends on the middlebox: one that drops a forgotten flow's packets (Azure, Google) leaves the request to retransmit into silence until the client gives up (ETIMEDOUT, here after tcp_retries2 = 3); one that resets them (AWS) fails it at once (ECONNRESET); Linux's own conntrack with loose pick-up lets the client's request re-create the mapping on the same port, and it is answered.",
  agentOnly: "the lab's agents are the client that falls silent and requests, and the server that answers, on either side of the router",
  defaults: { idleS: 2, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  middlebox: { natTimeoutS: 5, mode: 'drop', keepaliveOn: 'none' },
  expect: { outcome: 'request', result: { drop: 'ETIMEDOUT', reset: 'ECONNRESET', loose: 'answered' } },
});
