// A fault that is one change to a peer's network namespace, made by one sidecar script: the change runs between
// two timestamps taken inside the namespace (free of exec round-trips), its `show` output must prove it took
// effect, and `undo` removes it once (quietly, as the peer and its namespace may already be gone).
import { instantFromNanoseconds, toMicroseconds } from '../clock.ts';
import type { Sidecar } from '../runtime/sidecar.ts';
import type { FaultEvidence, InjectedFault } from './fault.ts';

export interface NamespaceChange {
  /** Preparation that does not count toward the fault's moment (e.g. creating an ifb device). */
  prepare?: string[];
  /** The commands that make the change; the fault's span is the time they take. */
  apply: string[];
  /** Commands whose output shows the change in place. */
  show: string;
  /** Why `show`'s output does not prove the change, or null when it does. */
  problem(shown: string): string | null;
  evidence(): Promise<FaultEvidence>;
  undo: string;
}

export async function applyInNamespace(sidecar: Sidecar, change: NamespaceChange): Promise<InjectedFault> {
  const script = ['set -e', ...(change.prepare ?? []), 'start=$(date +%s%N)', ...change.apply, 'end=$(date +%s%N)', 'echo "$start $end"', change.show];
  const [times = '', ...shown] = (await sidecar.sh(script.join('\n'))).trim().split('\n');
  const problem = change.problem(shown.join('\n'));
  if (problem) throw new Error(`${problem}: ${shown.join(' / ')}`);
  const [start = '0', end = '0'] = times.split(' ');
  const at = instantFromNanoseconds(end);
  let healed = false;
  return {
    at,
    spanMs: toMicroseconds(at - instantFromNanoseconds(start)),
    evidence: change.evidence,
    async heal() {
      if (healed) return;
      healed = true;
      await sidecar.sh(change.undo).catch(() => {});
    },
  };
}
