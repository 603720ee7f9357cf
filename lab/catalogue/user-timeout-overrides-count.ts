import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'user-timeout-overrides-count',
  summary: 'TCP_USER_TIMEOUT longer than idle + count × interval: more than count probes, ETIMEDOUT at the first tick past the user timeout',
  finding:
    'With keepalive on, TCP_USER_TIMEOUT replaces TCP_KEEPCNT: the kernel keeps probing past count and aborts at the first keepalive tick where the time since the last segment received reaches the user timeout (tcp_keepalive_timer). A user timeout set for data in flight therefore also stretches dead-peer detection on an idle connection.',
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 6000, setOn: 'listener' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
