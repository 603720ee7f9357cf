import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'node-default-keepalive-no-delay',
  summary: 'only setKeepAlive(true), with no delay: the socket silently keeps the namespace defaults (7200 s), so a paused VM goes unnoticed',
  finding:
    "The pitfall: setKeepAlive(true) without a delay (or with one under 1000 ms) floors TCP_KEEPIDLE to 0, which the kernel refuses; Node ignores the error and never sets interval or count. Keepalive is on, but on the network namespace's defaults (idle 7200 s, interval 75 s, count 9): the server sends no probe for two hours and notices nothing in the 11 s that setKeepAlive(true, 1000) would take.",
  // What the caller meant: a 1 s delay, for which Node would give interval 1 and count 10 (11 s).
  agentOnly: "it measures what Node's own setKeepAlive applies",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'node-no-delay' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'alive', windows: 2, probes: 'none' },
});
