// A connection behind a middlebox as a run kind: the lab's agent on both sides of a router that forgets idle flows
// (run-middlebox.ts); what such a run cannot take is refused in the CLI's words.
import { clientBehindRefusal, othersOptions, type RunKind } from '../run/run-kind.ts';
import { behindOptions } from '../run/middlebox-sides.ts';
import type { RunOptions } from '../run/run-options.ts';
import { isMiddleboxScenario, type MiddleboxScenario } from '../scenario.ts';
import { type ClientProfile, shippedIdleUnder } from '../clients/client-profile.ts';
import { parseKeepaliveConfig } from '../config/keepalive-config.ts';
import { middleboxImpossibleTimes, middleboxReport } from './middlebox-report.ts';

export const middleboxKind: RunKind = {
  name: 'middlebox',
  runs: isMiddleboxScenario,
  refuses: (scenario, options) => {
    const refused = (options.client ? applicationRefusal(scenario as MiddleboxScenario, options, options.client) : null) ?? refusedOption(askedOf(options));
    return refused && `${scenario.name} ${refused}`;
  },
  run: async (scenario, options) => {
    const { runMiddlebox } = await import('./run-middlebox.ts');
    return runMiddlebox(scenario as MiddleboxScenario, behindOptions(options));
  },
  impossibleTimes: middleboxImpossibleTimes,
  report: middleboxReport,
};

/** What a run behind the router was asked for that it may refuse, whether through the library's options or the CLI's flags. */
export interface MiddleboxAsked {
  otherServer: boolean;
  serverDefaults: boolean;
  watch: boolean;
  ipVersion6: boolean;
  noCapture: boolean;
  wireOnly: boolean;
  faultParameters: boolean;
  /** Options of other kinds, named as their flags. */
  others: string[];
}

/** What an application's client behind the router cannot take, in one line; null when it takes it all. */
function applicationRefusal(scenario: MiddleboxScenario, options: RunOptions, client: ClientProfile): string | null {
  const side = options.middlebox?.keepaliveOn ?? scenario.middlebox.keepaliveOn;
  if (side === 'server' || side === 'both')
    return `with --client takes keepalive on the client's side or none: the server's own behind the router is not supported yet, use --keepalive-on client`;
  return clientBehindRefusal(options, client) ?? (side === 'none' ? shippedKeepaliveSpeaks(scenario, options, client) : null);
}

/** With keepalive off, a client that ships keepalive must not probe before its request: that would be keepalive on. */
function shippedKeepaliveSpeaks(scenario: MiddleboxScenario, options: RunOptions, client: ClientProfile): string | null {
  const requestAfterS = options.middlebox?.requestAfterS ?? 3 * (options.middlebox?.natTimeoutS ?? scenario.middlebox.natTimeoutS);
  const idleS = shippedIdleUnder(client, parseKeepaliveConfig(scenario.defaults), requestAfterS);
  if (idleS === null) return null;
  return `runs with keepalive off, and ${client.name} ships keepalive at ${idleS} s, before the request at ${requestAfterS} s: give --request-after under ${idleS}, or run nat-keepalive-holds --keepalive-on client`;
}

function askedOf(options: RunOptions): MiddleboxAsked {
  return {
    otherServer: options.server !== undefined && !options.server.agent && !options.client,
    serverDefaults: options.serverDefaults ?? false,
    watch: options.watchMs !== undefined,
    ipVersion6: options.ipVersion === 6,
    noCapture: options.capture === false,
    wireOnly: options.observe === 'wire',
    faultParameters: Object.keys(options.faultOptions ?? {}).length > 0,
    others: othersOptions(options, {
      crowd: '--connections, --dead, --connect-rate and --fault',
      connectionsFile: 'connections file',
      captureFile: 'capture file',
      strict: '--strict',
    }),
  };
}

/** Why a run behind the router cannot take what it was asked, in one line; null when it takes it all. */
export function refusedOption(asked: MiddleboxAsked): string | null {
  if (asked.otherServer) return "runs the lab's agent on both sides of the router: drop --server";
  if (asked.serverDefaults || asked.watch)
    return 'sets keepalive on the side --keepalive-on names and watches until the request ends: drop --server-defaults and --watch';
  if (asked.ipVersion6) return 'runs over IPv4: the router masquerades with iptables for IPv4 only, drop --ip-version 6';
  if (asked.noCapture) return "judges the request from both sides' wires: drop --no-capture";
  if (asked.wireOnly) return "judges the request by the client's application and both wires together: drop --observe wire";
  if (asked.faultParameters) return "has no fault to set: the router's forgetting is the fault, drop --direction and --backend";
  return asked.others.length > 0 ? `takes no ${asked.others.join(', ')}: its request is judged by the retransmission limit's window, from both wires` : null;
}
