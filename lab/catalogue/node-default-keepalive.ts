import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'node-default-keepalive',
  summary: 'only setKeepAlive(true, 1000) on the accepted socket: Node adds interval 1 s and count 10, so a paused VM is found in about 11 s',
  finding:
    "Node's setKeepAlive(true, delay) sets more than the delay: libuv (1.35 and later) also sets TCP_KEEPINTVL to 1 s and TCP_KEEPCNT to 10 on every call, so detection takes idle + 10 s whatever the system's defaults are — and a later setKeepAlive undoes any interval or count set before it.",
  agentOnly: "it measures what Node's own setKeepAlive applies",
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'node-default' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
