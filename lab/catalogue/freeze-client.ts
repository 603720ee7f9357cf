import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'freeze-client',
  summary: "docker pause the client alone: the server's connection stays up, because the host kernel answers its probes",
  finding:
    "`docker pause` is not a VM pause. It freezes the client's processes, but a container has no kernel of its own: the shared host kernel keeps answering every keepalive probe, so the server never notices. To simulate a paused VM, the network must be cut too (pause-client).",
  // The reference article's second experiment: a short window keeps the run to about twice 11 s.
  defaults: { idleS: 1, intervalS: 1, count: 10, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'freeze', target: 'client' },
  expect: { outcome: 'alive', windows: 2, probes: 'answered' },
});
