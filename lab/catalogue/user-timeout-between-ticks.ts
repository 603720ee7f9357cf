import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'user-timeout-between-ticks',
  summary:
    'A TCP_USER_TIMEOUT the interval does not divide (1/1/3, 5,100 ms): the kernel compares the real silence at each tick, so 4 probes and ETIMEDOUT 5.12 s after the last answer, not 5 probes and 6 s',
  finding:
    'tcp_keepalive_timer aborts at the first tick where the time since the last segment received, in jiffies, reaches the user timeout. The ticks come every 1.024 s (a 1 s interval re-armed on the timer wheel at HZ 250), so a 5,100 ms user timeout is reached at the fifth tick, 5.120 s after the last answer, after 4 probes. A model of nominal 1 s ticks expects 5 probes and 6 s: the chain the lab simulates predicts the kernel exactly.',
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 5100, setOn: 'listener' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
