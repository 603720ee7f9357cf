// One connection struck by a fault as a run kind (run-single.ts); what it cannot take is refused in the CLI's words.
import { othersOptions, type RunKind, routerOptions } from '../run/run-kind.ts';
import { type FaultScenario, isMiddleboxScenario } from '../scenario.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import { runSingle, serverProblem } from './run-single.ts';

export const singleKind: RunKind = {
  name: 'single',
  runs: (scenario) => !isMiddleboxScenario(scenario) && scenario.crowd === undefined,
  refuses(scenario, options) {
    const capture = options.capture ?? true;
    if (options.observe === 'wire' && !capture) return '--observe wire needs the capture: drop --no-capture';
    const crowd = othersOptions(options, { crowd: '--connections, --dead, --connect-rate and --fault', connectionsFile: 'a connections file' });
    if (crowd.length > 0) return `${crowd.join(', ')} apply to the many-clients scenarios: ${scenario.name} watches one connection`;
    const userTimeout = options.config?.userTimeoutMs ?? scenario.defaults.userTimeoutMs;
    if (userTimeout > 0 && scenario.noUserTimeout) return `--user-timeout does not apply to ${scenario.name}: ${scenario.noUserTimeout}`;
    return routerOptions(scenario, options) ?? serverProblem(scenario, options.server ?? agentProfile, { capture });
  },
  run: (scenario, options) => runSingle(scenario as FaultScenario, options),
};
