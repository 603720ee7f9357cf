import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'proxy-closes-idle',
  summary:
    'HAProxy between client and server closes a connection idle 5 s (timeout client and server): when does the client see it, and does keepalive keep it?',
  finding:
    'A proxy closes a connection idle for its timeout whatever TCP keepalive does: a probe is answered by the kernel of the proxy it reaches and carries no data, so the proxy\'s own timers (HAProxy\'s timeout client and timeout server) never see it. The client meets a FIN at the timeout — node-postgres reports "Connection terminated unexpectedly" on the idle pool client — and a pool that drops the closed connection answers its next request on a new one. What keeps such a connection is traffic the proxy relays (an application-level ping more often than its timeout), or a pool that retires idle connections before the proxy does.',
  agentOnly: "the lab's agents are the client that falls silent and the server that answers, on either side of the proxy",
  defaults: { idleS: 2, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  proxy: { timeoutS: 5, keepaliveOn: 'none' },
  expect: { outcome: 'closed-by-proxy' },
});
