import { describe, expect, it } from 'vitest';
import { lackingAnswer } from './kernel-trial.ts';

describe("a kernel feature's trial", () => {
  it.each([
    [
      "in x's network namespace, `tc qdisc add dev lo root netem loss 0%` exited 2: Error: Specified qdisc kind is unknown.",
      'Error: Specified qdisc kind is unknown',
    ],
    ["in x's network namespace, `ip link add kalifbtest type ifb` exited 2: Error: Unknown device type.", 'Error: Unknown device type'],
    [
      "in x's network namespace, `tc qdisc add dev lo root netem` exited 2: RTNETLINK answers: No such file or directory",
      'RTNETLINK answers: No such file or directory',
    ],
  ])('takes the kernel saying it lacks the feature as a reason to skip: %s', (message, answer) => {
    expect(lackingAnswer(message)).toBe(answer);
  });

  it.each([
    "in x's network namespace, `tc qdisc add dev lo root netem loss 0%` exited 127: sh: 1: tc: not found",
    "in x's network namespace, `tc qdisc add dev lo root netem loss 0%` exited 2: RTNETLINK answers: Operation not permitted",
    'connect ECONNREFUSED /var/run/docker.sock',
  ])('takes nothing else as one: %s', (message) => {
    expect(lackingAnswer(message)).toBeNull();
  });
});
