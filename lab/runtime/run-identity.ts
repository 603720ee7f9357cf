// Every container and network of a run carries `keepalive-lab=<run id>` and the identity of the process
// that owns it, so leftovers of a crashed run can be told apart from a run still in progress beside it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const RUN_LABEL = 'keepalive-lab';
export const OWNER_LABEL = 'keepalive-lab.owner';
export const SCENARIO_LABEL = 'keepalive-lab.scenario';
export const ROLE_LABEL = 'keepalive-lab.role';

export interface RunIdentity {
  runId: string;
  scenario: string;
  labels: Record<string, string>;
}

export function newRunIdentity(scenario: string): RunIdentity {
  const runId = `kal-${randomBytes(4).toString('hex')}`;
  return {
    runId,
    scenario,
    labels: { [RUN_LABEL]: runId, [OWNER_LABEL]: ownerOf(process.pid), [SCENARIO_LABEL]: scenario },
  };
}

/** host/pid/start-time: the start time (jiffies since boot, /proc/PID/stat field 22) guards against PID reuse. */
export function ownerOf(pid: number): string {
  return `${hostname()}/${pid}/${processStartTime(pid) ?? 'unknown'}`;
}

/** True unless we can prove the owner is gone: it ran on this host and that process no longer exists. */
export function isOwnerAlive(owner: string | undefined): boolean {
  const [host, pidText, startTime] = (owner ?? '').split('/');
  if (!host || !pidText || host !== hostname()) return true; // another machine's run: not ours to judge
  const pid = Number(pidText);
  const current = processStartTime(pid);
  return current !== undefined && (startTime === 'unknown' || current === startTime);
}

function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are plain.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
