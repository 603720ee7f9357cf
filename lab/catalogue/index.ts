// Scenarios by name. Adding one: a file beside this one that default-exports defineScenario({...}), and one line here.
import { UsageError } from '../errors.ts';
import type { Scenario } from '../scenario.ts';
import busyServer from './busy-server.ts';
import disconnectClient from './disconnect-client.ts';
import dropClient from './drop-client.ts';
import dropClientEgress from './drop-client-egress.ts';
import freezeClient from './freeze-client.ts';
import frozenZeroWindow from './frozen-zero-window.ts';
import frozenZeroWindowUserTimeout from './frozen-zero-window-user-timeout.ts';
import icmpUnreachableClient from './icmp-unreachable-client.ts';
import killClient from './kill-client.ts';
import listenerInheritance from './listener-inheritance.ts';
import manyClients from './many-clients.ts';
import manyClientsNoKeepalive from './many-clients-no-keepalive.ts';
import natForgetsIdle from './nat-forgets-idle.ts';
import natKeepaliveHolds from './nat-keepalive-holds.ts';
import proxyClosesIdle from './proxy-closes-idle.ts';
import netemLossClient from './netem-loss-client.ts';
import nodeDefaultKeepalive from './node-default-keepalive.ts';
import nodeDefaultKeepaliveNoDelay from './node-default-keepalive-no-delay.ts';
import pauseClient from './pause-client.ts';
import pauseServer from './pause-server.ts';
import freezeServer from './freeze-server.ts';
import dropServer from './drop-server.ts';
import rebootServer from './reboot-server.ts';
import killServer from './kill-server.ts';
import rebootClient from './reboot-client.ts';
import rejectClient from './reject-client.ts';
import tcBlackholeClient from './tc-blackhole-client.ts';
import userTimeoutBetweenTicks from './user-timeout-between-ticks.ts';
import userTimeoutOverridesCount from './user-timeout-overrides-count.ts';

const CATALOGUE = [
  pauseClient,
  freezeClient,
  dropClient,
  dropClientEgress,
  tcBlackholeClient,
  netemLossClient,
  disconnectClient,
  icmpUnreachableClient,
  killClient,
  rebootClient,
  rejectClient,
  listenerInheritance,
  userTimeoutOverridesCount,
  userTimeoutBetweenTicks,
  nodeDefaultKeepalive,
  nodeDefaultKeepaliveNoDelay,
  pauseServer,
  freezeServer,
  dropServer,
  killServer,
  rebootServer,
  busyServer,
  frozenZeroWindow,
  frozenZeroWindowUserTimeout,
  manyClients,
  manyClientsNoKeepalive,
  natKeepaliveHolds,
  natForgetsIdle,
  proxyClosesIdle,
] as const;

type Catalogued = (typeof CATALOGUE)[number];
/** Every scenario's name, as a type: `scenario('pause-client')` autocompletes, and a misspelt one does not compile. */
export type ScenarioName = Catalogued['name'];

export const SCENARIOS: ReadonlyMap<string, Scenario> = new Map(CATALOGUE.map((scenario) => [scenario.name, scenario]));

/** A scenario by its name, typed (SCENARIOS.get takes any string and may return undefined). */
export function scenario<N extends ScenarioName>(name: N): Extract<Catalogued, { name: N }> {
  const found = SCENARIOS.get(name);
  if (!found) throw new UsageError(`unknown scenario '${name}': see keepalive-lab list`);
  return found as Extract<Catalogued, { name: N }>;
}
