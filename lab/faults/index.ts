// Faults by name. Adding one: a file beside this one that exports a Fault, and one line here.
import { blackhole } from './blackhole.ts';
import { disconnect } from './disconnect.ts';
import type { Fault } from './fault.ts';
import { freeze } from './freeze.ts';
import { kill } from './kill.ts';
import { netemLoss } from './netem-loss.ts';
import { reboot } from './reboot.ts';
import { icmpUnreachable, rejectReset } from './reject.ts';
import { tcBlackhole } from './tc-blackhole.ts';
import { vmPause } from './vm-pause.ts';

export const FAULTS: ReadonlyMap<string, Fault> = new Map(
  [freeze, blackhole, vmPause, tcBlackhole, netemLoss, disconnect, kill, reboot, rejectReset, icmpUnreachable].map((fault) => [fault.name, fault]),
);

/** The fault a scenario names; the catalogue's own tests hold every name it uses to one here. */
export function faultNamed(name: string): Fault {
  const fault = FAULTS.get(name);
  if (!fault) throw new Error(`no fault is named ${name}: the faults are ${[...FAULTS.keys()].join(', ')}`);
  return fault;
}
