// A connection through a proxy as a run kind: HAProxy between the lab's agents, or between an application's client
// and its server, closing the connection once it is idle for its timeout (run-proxy.ts); what such a run cannot take
// is refused in the CLI's words.
import { type ClientProfile, shippedIdleUnder } from '../clients/client-profile.ts';
import { parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { clientBehindRefusal, othersOptions, type RunKind } from '../run/run-kind.ts';
import { behindOptions } from '../run/middlebox-sides.ts';
import type { RunOptions } from '../run/run-options.ts';
import { isProxyScenario, type ProxyScenario } from '../scenario.ts';
import { proxyImpossibleTimes, proxyReport } from './proxy-report.ts';

export const proxyKind: RunKind = {
  name: 'proxy',
  runs: isProxyScenario,
  refuses: (scenario, options) => {
    const refused = (options.client ? clientRefusal(scenario as ProxyScenario, options, options.client) : null) ?? proxyRefusal(options);
    return refused && `${scenario.name} ${refused}`;
  },
  run: async (scenario, options) => {
    const { runProxy } = await import('./run-proxy.ts');
    return runProxy(scenario as ProxyScenario, behindOptions(options));
  },
  impossibleTimes: proxyImpossibleTimes,
  report: proxyReport,
};

/** What an application's client behind the proxy cannot take, in one line; null when it takes it all. */
function clientRefusal(scenario: ProxyScenario, options: RunOptions, client: ClientProfile): string | null {
  const refused = clientBehindRefusal(options, client);
  if (refused || (options.middlebox?.keepaliveOn ?? scenario.proxy.keepaliveOn) !== 'none') return refused;
  const timeoutS = options.middlebox?.proxyTimeoutS ?? scenario.proxy.timeoutS;
  const idleS = shippedIdleUnder(client, parseKeepaliveConfig(scenario.defaults), timeoutS);
  return idleS === null
    ? null
    : `runs with keepalive off, and ${client.name} ships keepalive at ${idleS} s, under the proxy's ${timeoutS} s timeout: give --keepalive-on client`;
}

/** Why a run behind the proxy cannot take what it was asked, in one line; null when it takes it all. */
function proxyRefusal(options: RunOptions): string | null {
  if (options.server && !options.server.agent && !options.client)
    return "runs the lab's agents on both sides of the proxy: drop --server, or give --client with its own server";
  if (!options.client && options.middlebox?.requestAfterS !== undefined)
    return "sends a request after the silence only with --client (the agent's connection is closed by then): drop --request-after";
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
