// A harmless trial of a kernel feature in a peer's namespace (a qdisc on loopback, a device made and removed).
// Only the kernel's own answer that it lacks the feature makes the scenario skipped; any other failure (the tool
// missing, permission refused, the exec failing) is an error with the real message — never a skip.
import { EnvironmentError } from '../errors.ts';
import type { Sidecar } from '../runtime/sidecar.ts';

/** The kernel's and iproute2's words for a qdisc kind, link type or protocol it does not have. */
const LACKS = [/Specified qdisc kind is unknown/i, /Unknown device type/i, /No such file or directory/i, /Operation not supported/i, /Protocol not supported/i];

/** The kernel's own answer in a failed trial's message when it says it lacks the feature; null for any other failure. */
export function lackingAnswer(message: string): string | null {
  const answer = message
    .split(/\s*\|\s*|\n/)
    .map((part) => part.replace(/^.*?:\s*(?=(Error|RTNETLINK))/i, '').trim())
    .find((part) => LACKS.some((words) => words.test(part)));
  return answer ? answer.replace(/\.$/, '') : null;
}

/** Runs `script`; null when it works, the skip reason when the kernel says it lacks `feature`; throws otherwise. */
export async function tryKernelFeature(sidecar: Sidecar, script: string, feature: string): Promise<string | null> {
  try {
    await sidecar.sh(script);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    const answer = lackingAnswer(message);
    if (answer) return `this kernel has no ${feature} (${answer})`;
    throw new EnvironmentError(`the trial of ${feature} failed, and not because the kernel lacks it: ${message}`, { cause: error });
  }
}
