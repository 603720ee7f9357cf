import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'frozen-zero-window-user-timeout',
  summary: 'freeze the client while the server keeps writing, with a 3 s TCP_USER_TIMEOUT: ETIMEDOUT 3 s after the first zero-window probe',
  finding:
    "TCP_USER_TIMEOUT is the only thing that ends a connection stuck on a frozen reader's closed window: the persist timer is clamped to it, counted from the first zero-window probe, and the socket fails with ETIMEDOUT although every probe was answered.",
  agentOnly: "its server keeps writing 64 KiB every 10 ms into a closed window, which only the lab's agent does",
  defaults: { idleS: 1, intervalS: 1, count: 3, userTimeoutMs: 3000, setOn: 'listener' },
  observer: { writeEveryMs: 10, writeBytes: 65_536 },
  fault: { kind: 'freeze', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'zero-window' },
});
