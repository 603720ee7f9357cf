// Ending rules by name: a scenario's `expect.by` picks one. Adding one: a file beside this one that exports an
// EndingRule, its name in the Ending type (mechanism.ts), and one line here.
import type { Ending } from '../mechanism.ts';
import { immediate } from './immediate.ts';
import { keepalive } from './keepalive.ts';
import { nextProbe } from './next-probe.ts';
import { retransmission } from './retransmission.ts';
import type { EndingRule } from './rule.ts';
import { zeroWindow } from './zero-window.ts';

export const ENDING_RULES: Readonly<Record<Ending, EndingRule>> = {
  keepalive,
  'next-probe': nextProbe,
  immediate,
  retransmission,
  'zero-window': zeroWindow,
};
