// What a server cannot take of the keepalive settings it was given, in the command line's one line — the same
// sentence whether the settings came as typed flags or as a library call's `config`.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import type { KeepaliveHolder, Setting } from './server-profile.ts';

/** The settings given (by their flags' names), whether --set-on was, and whether the server is to run as it ships. */
export interface GivenSettings {
  settings: readonly Setting[];
  setOn: boolean;
  serverDefaults: boolean;
}

const CONFIG_KEYS: readonly [keyof KeepaliveConfig, Setting][] = [
  ['idleS', 'idle'],
  ['intervalS', 'interval'],
  ['count', 'count'],
  ['userTimeoutMs', 'user-timeout'],
];

/** What a library call's `config` gives (only the keys it sets; the scenario's defaults are the profile's to map). */
export function givenIn(config: Partial<KeepaliveConfig> | undefined, serverDefaults: boolean): GivenSettings {
  const set = (key: keyof KeepaliveConfig) => config?.[key] !== undefined;
  return { settings: CONFIG_KEYS.filter(([key]) => set(key)).map(([, setting]) => setting), setOn: set('setOn'), serverDefaults };
}

/** Why `profile` cannot take what was given, in one line that says what to drop; null when it can. */
export function settingsRefusal(profile: KeepaliveHolder, given: GivenSettings): string | null {
  const flags = given.settings.map((setting) => `--${setting}`);
  if (given.serverDefaults && (flags.length > 0 || given.setOn))
    return `--server-defaults leaves keepalive as ${profile.name} ships it: drop ${[...flags, ...(given.setOn ? ['--set-on'] : [])].join(' and ')}`;
  if (profile.agent) return null;
  if (given.setOn) return `--set-on chooses where the lab's agent sets keepalive; ${profile.name} sets it itself (${profile.keepalive.how}): drop --set-on`;
  const refused = given.settings.filter((setting) => !profile.keepalive.takes.includes(setting)).map((setting) => `--${setting}`);
  if (refused.length === 0) return null;
  const takes =
    profile.keepalive.takes.length > 0
      ? `it takes only ${profile.keepalive.takes.map((setting) => `--${setting}`).join(', ')}`
      : 'it takes no keepalive setting';
  return `${profile.name} does not take ${refused.join(' or ')}: ${takes} (${profile.keepalive.how})`;
}

/**
 * Of a full set of settings (a scenario's defaults with the flags typed over them), what to give a run of `profile`:
 * all of them for the agent, the ones it takes for another server — the rest the server derives or leaves, and
 * giving them would be refused.
 */
export function takenBy(profile: KeepaliveHolder, config: KeepaliveConfig): Partial<KeepaliveConfig> {
  if (profile.agent) return config;
  return Object.fromEntries(CONFIG_KEYS.filter(([, setting]) => profile.keepalive.takes.includes(setting)).map(([key]) => [key, config[key]]));
}

/** The settings `profile` takes, by their flags' names, with their values in `config` (for a report: idle 1). */
export function takenSettings(profile: KeepaliveHolder, config: KeepaliveConfig): Partial<Record<Setting, number>> {
  return Object.fromEntries(CONFIG_KEYS.filter(([, setting]) => profile.keepalive.takes.includes(setting)).map(([key, setting]) => [setting, config[key]]));
}
