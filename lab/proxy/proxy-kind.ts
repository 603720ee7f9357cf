// A connection through a proxy as a run kind: HAProxy between the lab's agents, or between an application's client
// and its server, closing the connection once it is idle for its timeout (run-proxy.ts); what such a run cannot take
// is refused in the CLI's words.
import type { ClientProfile } from '../clients/client-profile.ts';
import { othersOptions, type RunKind } from '../run/run-kind.ts';
import type { RunOptions } from '../run/run-options.ts';
import { isProxyScenario, type ProxyScenario } from '../scenario.ts';
import { givenIn, settingsRefusal } from '../servers/settings-refusal.ts';
import { proxyImpossibleTimes, proxyReport } from './proxy-report.ts';

export const proxyKind: RunKind = {
  name: 'proxy',
  runs: isProxyScenario,
  refuses: (scenario, options) => {
    const refused = (options.client ? clientRefusal(options, options.client) : null) ?? refusedOption(options);
    return refused && `${scenario.name} ${refused}`;
  },
  run: async (scenario, options) => {
    const { runProxy } = await import('./run-proxy.ts');
    return runProxy(scenario as ProxyScenario, {
      config: options.config,
      middlebox: options.middlebox,
      progress: options.progress,
      command: options.command,
      ...(options.client ? { client: options.client, ...(options.server ? { server: options.server } : {}) } : {}),
    });
  },
  impossibleTimes: proxyImpossibleTimes,
  report: proxyReport,
};

/** What an application's client behind the proxy cannot take, in one line; null when it takes it all. */
function clientRefusal(options: RunOptions, client: ClientProfile): string | null {
  if (options.requestEveryMs !== undefined) return "spaces the application's requests by the silence: give --request-after, not --request-every";
  if (options.server?.agent) return `with --client speaks to a real server, not the lab's agent: give --server ${client.server}, or drop --server`;
  return settingsRefusal(client, givenIn(options.config, false));
}

/** Why a run behind the proxy cannot take what it was asked, in one line; null when it takes it all. */
export function refusedOption(options: RunOptions): string | null {
  if (options.server && !options.server.agent && !options.client)
    return "runs the lab's agents on both sides of the proxy: drop --server, or give --client with its own server";
  if (options.middlebox?.natTimeoutS !== undefined || options.middlebox?.mode !== undefined)
    return 'has a proxy, not a NAT router: give --proxy-timeout instead of --nat-timeout and --nat-mode';
  if (options.serverDefaults || options.watchMs !== undefined) return 'watches until the proxy closes the connection: drop --server-defaults and --watch';
  if (options.ipVersion === 6) return 'runs over IPv4: drop --ip-version 6';
  if (options.capture === false) return "judges the close from the client's wire: drop --no-capture";
  if (options.observe === 'wire') return "judges the close from the wire and the proxy's log together: drop --observe wire";
  if (Object.keys(options.faultOptions ?? {}).length > 0) return "has no fault to set: the proxy's timeout is the fault, drop --direction and --backend";
  const others = othersOptions(options, {
    crowd: '--connections, --dead, --connect-rate and --fault',
    connectionsFile: 'connections file',
    captureFile: 'capture file',
    strict: '--strict',
    within: '--within',
  });
  return others.length > 0 ? `takes no ${others.join(', ')}: the close is judged against the proxy's timeout` : null;
}
