// vm-pause: what pausing a VM does to a TCP peer. A paused VM's kernel is frozen too, so nothing answers;
// a container has no kernel of its own, so freeze + blackhole is the faithful equivalent.
import { blackhole } from './blackhole.ts';
import type { Fault, FaultTarget, InjectedFault } from './fault.ts';
import { freeze } from './freeze.ts';

export const vmPause: Fault = {
  name: 'vm-pause',
  summary: 'freeze the peer and blackhole its network, as pausing a VM does (nothing answers)',
  needs: (options) => [...freeze.needs(options), ...blackhole.needs(options)],
  async inject(target: FaultTarget): Promise<InjectedFault> {
    const frozen = await freeze.inject(target);
    // The network cut is what the other side can observe, so it defines the fault's moment.
    const cut = await blackhole.inject(target).catch(async (error: unknown) => {
      await frozen.heal();
      throw error;
    });
    return {
      at: cut.at,
      spanMs: cut.spanMs,
      evidence: async () => ({ ...(await frozen.evidence()), ...(await cut.evidence()) }),
      async heal() {
        await cut.heal();
        await frozen.heal();
      },
    };
  },
};
