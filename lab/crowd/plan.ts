// How a crowd run spreads its connections over client containers: the live ones in containers of their own,
// the dead ones (those the fault strikes) in theirs, so the fault hits exactly those; at least two containers
// when there is more than one connection, and no more connections per container than its ephemeral ports allow.
import { UsageError } from '../errors.ts';

export interface ClientGroup {
  /** Its name within the run, e.g. "client-dead-1". */
  name: string;
  dead: boolean;
  connections: number;
  /** Its share of the connect rate, a second. */
  connectRate: number;
}

export interface CrowdPlan {
  connections: number;
  dead: number;
  connectRate: number;
  groups: ClientGroup[];
}

/** The most connections one client container opens to one server address and port (32768–60999: Linux's ephemeral ports). */
export const MAX_PER_CONTAINER = 20_000;
export const MAX_CONNECTIONS = 50_000;
/** Connections a second, over all client containers: a pace Node's accept loop and a 511-deep backlog take. */
export const DEFAULT_CONNECT_RATE = 5_000;

export function planCrowd(connections: number, dead: number, connectRate = DEFAULT_CONNECT_RATE): CrowdPlan {
  if (!Number.isInteger(connections) || connections < 1 || connections > MAX_CONNECTIONS) {
    throw new UsageError(`--connections must be a whole number from 1 to ${MAX_CONNECTIONS}, got '${connections}'`);
  }
  if (!Number.isInteger(dead) || dead < 0 || dead > connections) {
    throw new UsageError(`--dead must be a whole number from 0 to --connections (${connections}), got '${dead}'`);
  }
  if (!Number.isInteger(connectRate) || connectRate < 1 || connectRate > 100_000) {
    throw new UsageError(`--connect-rate must be a whole number of connections a second from 1 to 100000, got '${connectRate}'`);
  }
  const live = connections - dead;
  const kinds = [live, dead].filter((count) => count > 0).length;
  // One kind alone is split in two, so that even then the connections come from more than one container.
  const containersOf = (count: number) => (count === 0 ? 0 : Math.max(Math.ceil(count / MAX_PER_CONTAINER), kinds === 1 && connections > 1 ? 2 : 1));
  const groups = [...split('live', live, containersOf(live)), ...split('dead', dead, containersOf(dead))].map((group) => ({
    ...group,
    connectRate: Math.max(1, Math.round((connectRate * group.connections) / connections)),
  }));
  return { connections, dead, connectRate, groups };
}

function split(kind: 'live' | 'dead', count: number, containers: number): Omit<ClientGroup, 'connectRate'>[] {
  return Array.from({ length: containers }, (_, k) => ({
    name: `client-${kind}-${k + 1}`,
    dead: kind === 'dead',
    connections: Math.floor(count / containers) + (k < count % containers ? 1 : 0),
  }));
}
