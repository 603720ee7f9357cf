// netem-loss: tc netem drops a share of the peer's egress (all of it by default), so its answers never leave.
// Some kernels lack sch_netem, this project's machines among them: the scenario is then skipped, with the reason.
import type { Fault, FaultOptions, FaultTarget, InjectedFault } from './fault.ts';
import { tryKernelFeature } from './kernel-trial.ts';
import { applyInNamespace } from './namespace-change.ts';

export const netemLoss: Fault = {
  name: 'netem-loss',
  summary: "drop the peer's outgoing packets with tc netem loss (100% by default)",
  parameters: { loss: ['100%', '50%', '10%'] },
  needs: () => ['sch-netem'],
  // A harmless trial on loopback: the qdisc kind is either known to the kernel or not.
  unsupported: ({ sidecar }: FaultTarget) => tryKernelFeature(sidecar, 'tc qdisc add dev lo root netem loss 0% && tc qdisc del dev lo root', 'sch_netem'),
  inject: ({ sidecar }: FaultTarget, options: FaultOptions = {}): Promise<InjectedFault> =>
    applyInNamespace(sidecar, {
      apply: [`tc qdisc add dev eth0 root netem loss ${options.loss ?? '100%'}`],
      show: 'tc qdisc show dev eth0',
      problem: (shown) => (shown.includes('netem') ? null : 'the netem qdisc is not in place'),
      evidence: async () => ({ 'netem qdisc': (await sidecar.sh('tc -s qdisc show dev eth0')).split('\n').slice(0, 2).join(' ').trim() }),
      undo: 'tc qdisc del dev eth0 root',
    }),
};
