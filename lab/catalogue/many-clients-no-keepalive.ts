import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'many-clients-no-keepalive',
  summary: 'The same crowd with keepalive off: do the dead connections pile up?',
  finding:
    'Without keepalive nothing ever probes an idle connection: every dead one stays established for as long as the server lives, holding a socket, a file descriptor and its buffers — the pile-up the reference article warns about.',
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'alive', windows: 1, forMs: 20_000, probes: 'none' },
  crowd: { connections: 300, keepalive: false },
});
