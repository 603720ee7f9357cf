import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'netem-loss-client',
  summary: "lose 100% of the client's outgoing packets with tc netem: ETIMEDOUT by keepalive (skipped without sch_netem)",
  finding:
    'Total loss emulated by netem, the tool most network tests reach for, ends like any silent loss: unanswered probes, then ETIMEDOUT. Kernels built without sch_netem cannot run it, and the lab says so instead of passing.',
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'netem-loss', target: 'client', options: { loss: '100%' } },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
