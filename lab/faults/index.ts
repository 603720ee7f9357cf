// Faults by name. Adding one: a file beside this one that exports a Fault, and one line here.
import { blackhole } from './blackhole.ts';
import type { Fault } from './fault.ts';
import { freeze } from './freeze.ts';
import { vmPause } from './vm-pause.ts';

export const FAULTS: ReadonlyMap<string, Fault> = new Map([freeze, blackhole, vmPause].map((fault) => [fault.name, fault]));
