import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'many-clients',
  summary:
    'A server holding many clients (1,000 by default), half of them struck by the fault: is every dead one detected inside its own window, and no live one dropped?',
  finding:
    'Keepalive judges every connection on its own timer: each dead connection is aborted after its own unanswered probes, counted from the last segment it received, whatever the thousands of others do; the live ones keep answering and stay.',
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
  crowd: { connections: 1_000, keepalive: true },
});
