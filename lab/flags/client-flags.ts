// --client, --request-every and --request-timeout: an application's client on the client's side, and its requests.
// With --client the keepalive flags are the client's: only those typed go to the run (which refuses those the
// client does not take); none typed, the client runs as it ships.
import type { ClientProfile } from '../clients/client-profile.ts';
import { findClient } from '../clients/index.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';

export interface ClientFlags {
  client?: string;
  requestEvery?: string;
  requestTimeout?: string;
  idle?: string;
  interval?: string;
  count?: string;
  userTimeout?: string;
}

export interface ClientChoice {
  profile: ClientProfile;
  /** What the user typed after --client, for the command that reproduces the run. */
  given: string;
  /** The keepalive settings typed (the client's), none: as it ships. */
  settings: Partial<KeepaliveConfig>;
  requestEveryMs?: number;
  requestTimeoutMs?: number;
}

const TYPED: readonly [keyof ClientFlags, keyof KeepaliveConfig][] = [
  ['idle', 'idleS'],
  ['interval', 'intervalS'],
  ['count', 'count'],
  ['userTimeout', 'userTimeoutMs'],
];

/** The client and its flags; `config` holds the settings already checked against the kernel's ranges. */
export async function clientFromFlags(flags: ClientFlags, config: KeepaliveConfig): Promise<ClientChoice | undefined> {
  if (flags.client === undefined) {
    if (flags.requestEvery !== undefined || flags.requestTimeout !== undefined)
      throw new UsageError("--request-every and --request-timeout set an application's requests: they go with --client");
    return undefined;
  }
  return {
    profile: await findClient(flags.client),
    given: flags.client,
    settings: Object.fromEntries(TYPED.filter(([flag]) => flags[flag] !== undefined).map(([, key]) => [key, config[key]])),
    ...secondsFlag('requestEveryMs', '--request-every', flags.requestEvery),
    ...secondsFlag('requestTimeoutMs', '--request-timeout', flags.requestTimeout),
  };
}

function secondsFlag<K extends string>(key: K, flag: string, text: string | undefined): Partial<Record<K, number>> {
  if (text === undefined) return {};
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`${flag} must be a positive number of seconds, e.g. 5 or 0.5, got '${text}'`);
  return { [key]: seconds * 1000 } as Partial<Record<K, number>>;
}

/** The --client flags that reproduce a choice ('' without one). */
export function clientFlagsText(choice: ClientChoice | undefined): string {
  if (!choice) return '';
  const every = choice.requestEveryMs === undefined ? '' : ` --request-every ${choice.requestEveryMs / 1000}`;
  const timeout = choice.requestTimeoutMs === undefined ? '' : ` --request-timeout ${choice.requestTimeoutMs / 1000}`;
  return ` --client ${choice.given}${every}${timeout}`;
}
