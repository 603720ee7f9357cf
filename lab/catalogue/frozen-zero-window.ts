import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'frozen-zero-window',
  summary: 'freeze the client while the server keeps writing: its window closes, zero-window probes are answered, and the connection lives',
  finding:
    "A frozen reader is not a dead peer either: its kernel keeps acknowledging, advertising a zero window, and answers every zero-window probe, so the server's persist timer probes forever and neither keepalive (data is queued) nor the retransmission limit ever fires. Only TCP_USER_TIMEOUT ends it (frozen-zero-window-user-timeout).",
  agentOnly: "its server keeps writing 64 KiB every 10 ms into a closed window, which only the lab's agent does",
  noUserTimeout: 'it shows a frozen reader kept alive forever, and a user timeout ends exactly that: run frozen-zero-window-user-timeout',
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 0, setOn: 'listener' },
  observer: { writeEveryMs: 10, writeBytes: 65_536 },
  fault: { kind: 'freeze', target: 'client' },
  expect: { outcome: 'alive', windows: 2, probes: 'zero-window' },
});
