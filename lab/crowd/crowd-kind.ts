// Many clients as a run kind: a scenario with a crowd runs as one (run-crowd.ts); what a crowd cannot take is refused
// in the CLI's words.
import { endingBeforeFault } from '../run/ending-before-fault.ts';
import { type RunKind, routerOptions } from '../run/run-kind.ts';
import type { RunOptions } from '../run/run-options.ts';
import { type FaultScenario, isFaultScenario } from '../scenario.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import { givenIn, settingsRefusal } from '../servers/settings-refusal.ts';
import { crowdReport } from './crowd-report.ts';
import type { CrowdOptions } from './run-crowd.ts';

export const crowdKind: RunKind = {
  name: 'crowd',
  runs: (scenario) => isFaultScenario(scenario) && scenario.crowd !== undefined,
  refuses(scenario, options) {
    if (options.capture === false) return `${scenario.name} judges every connection from the capture: drop --no-capture`;
    if (options.serverDefaults) return '--server-defaults goes with a scenario of one connection: for a crowd without keepalive, run many-clients-no-keepalive';
    if (options.faultOptions && Object.keys(options.faultOptions).length > 0)
      return `--direction and --backend set one connection's fault: ${scenario.name}'s is --fault, with its own parameters`;
    if (options.within !== undefined) return `--within bounds one connection's ending: ${scenario.name} holds each of its connections to the kernel's rules`;
    if (options.client) return `--client puts one application on the client's side: ${scenario.name} runs a crowd of the lab's agents`;
    return routerOptions(scenario, options) ?? settingsRefusal(options.server ?? agentProfile, givenIn(options.config, false));
  },
  run: async (scenario, options) => {
    const { runCrowd } = await import('./run-crowd.ts');
    const run = await runCrowd(scenario as FaultScenario, crowdOptions(scenario as FaultScenario, options));
    return { ...run.result, phases: run.phases };
  },
  impossibleTimes: endingBeforeFault,
  report: crowdReport,
};

function crowdOptions(scenario: FaultScenario, options: RunOptions): CrowdOptions {
  const connections = options.crowd?.connections ?? scenario.crowd!.connections;
  return {
    connections,
    dead: options.crowd?.dead ?? Math.floor(connections / 2),
    connectRate: options.crowd?.connectRate,
    fault: options.crowd?.fault,
    config: options.config,
    server: options.server,
    watchMs: options.watchMs,
    progress: options.progress,
    command: options.command,
    ipVersion: options.ipVersion,
    captureFile: options.captureFile,
    connectionsFile: options.connectionsFile,
    strict: options.strict,
  };
}
