// One connection struck by a fault as a run kind (run-single.ts); what it cannot take is refused in the CLI's words.
import { endingBeforeFault } from '../run/ending-before-fault.ts';
import { othersOptions, type RunKind, routerOptions } from '../run/run-kind.ts';
import type { RunOptions } from '../run/run-options.ts';
import type { ClientProfile } from '../clients/client-profile.ts';
import { type FaultScenario, isFaultScenario, type Scenario } from '../scenario.ts';
import { agentProfile } from '../servers/agent-profile.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import { givenIn, settingsRefusal } from '../servers/settings-refusal.ts';
import { singleReport } from './single-report.ts';

export const singleKind: RunKind = {
  name: 'single',
  runs: (scenario) => isFaultScenario(scenario) && scenario.crowd === undefined,
  refuses(scenario, options) {
    const capture = options.capture ?? true;
    if (options.observe === 'wire' && !capture) return '--observe wire needs the capture: drop --no-capture';
    const crowd = othersOptions(options, { crowd: '--connections, --dead, --connect-rate and --fault', connectionsFile: 'a connections file' });
    if (crowd.length > 0) return `${crowd.join(', ')} apply to the many-clients scenarios: ${scenario.name} watches one connection`;
    const userTimeout = options.config?.userTimeoutMs ?? scenario.defaults.userTimeoutMs;
    if (userTimeout > 0 && scenario.noUserTimeout) return `--user-timeout does not apply to ${scenario.name}: ${scenario.noUserTimeout}`;
    if (options.client) return routerOptions(scenario, options) ?? applicationProblem(scenario as FaultScenario, options, options.client);
    if (options.requestEveryMs !== undefined || options.requestTimeoutMs !== undefined)
      return "--request-every and --request-timeout set an application's requests: they go with --client";
    const profile = options.server ?? agentProfile;
    return (
      routerOptions(scenario, options) ??
      settingsRefusal(profile, givenIn(options.config, options.serverDefaults ?? false)) ??
      serverProblem(scenario, profile, { capture })
    );
  },
  run: async (scenario, options) => (await import('./run-single.ts')).runSingle(scenario as FaultScenario, options),
  impossibleTimes: endingBeforeFault,
  report: singleReport,
};

/** Whether an application's client may hold the connection here, with these options; a sentence why not. */
function applicationProblem(scenario: FaultScenario, options: RunOptions, client: ClientProfile): string | null {
  if (scenario.fault.target !== 'server')
    return `--client puts an application on the client's side, and ${scenario.name}'s fault strikes the client: choose a scenario whose fault strikes the server (see: keepalive-lab list)`;
  if (options.server?.agent) return `--client speaks to a real server, not the lab's agent: give --server ${client.server}, or drop --server`;
  if (options.serverDefaults)
    return "--server-defaults: with --client the server always runs as it ships, and the settings are the client's: drop --server-defaults";
  if (options.capture === false) return "--client judges the client's kernel from the wire: drop --no-capture";
  for (const [name, value] of [
    ['--request-every', options.requestEveryMs],
    ['--request-timeout', options.requestTimeoutMs],
  ] as const)
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) return `${name} must be a positive number of seconds, got '${value / 1000}'`;
  return settingsRefusal(client, givenIn(options.config, false));
}

/** Whether this server may take the agent's place in this scenario, and the flags that go with it; a sentence why not. */
export function serverProblem(scenario: Scenario, profile: ServerProfile, options: { capture: boolean }): string | null {
  if (profile.agent) return null;
  if (scenario.agentOnly) return `${scenario.name} runs only with the lab's agent as the server: ${scenario.agentOnly}`;
  if (!options.capture) return `--no-capture needs the agent as the server: another server reports no events, so only the wire can judge it`;
  return null;
}
