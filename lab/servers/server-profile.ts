// A server under test, as data: how to start it, how its keepalive is set and what the kernel then applies, who
// its client is, and how to ask it about its clients. The lab's own agent is one profile; Redis and PostgreSQL
// are others, written in the same file format users write (profile-file.ts).
import { effectiveKeepalive, type KeepaliveConfig, NAMESPACE_KEEPALIVE } from '../config/keepalive-config.ts';
import { evaluate } from './expression.ts';

/** The lab's keepalive settings a server may take, named as on the command line (without the dashes). */
export const SETTINGS = ['idle', 'interval', 'count', 'user-timeout'] as const;
export type Setting = (typeof SETTINGS)[number];

/** Where the server's image comes from: a name to use as it is, or a directory to build. */
export type ImageSource =
  | { ref: string }
  /** `dockerfile` builds FROM keepalive-lab/base with Debian's packages; `online`, where given, is tried first. */
  | { build: string; dockerfile: string; online?: string };

/** What the server does about keepalive when the lab sets nothing: the namespace's defaults, nothing, or values. */
export type Shipped = 'kernel' | 'off' | Partial<Record<Setting, number>>;

export interface ServerProfile {
  name: string;
  summary: string;
  /** 'built-in', or the profile file's path. */
  source: string;
  /** The profile file it was read from (none for the agent): not part of the image's recipe. */
  file?: string;
  /** The lab's own agent: a Node program with its own keepalive options, events and behaviours. */
  agent: boolean;
  image: ImageSource;
  port: number;
  /** The server's command; its image's own when absent. */
  command?: string[];
  env: Record<string, string>;
  /** When it is ready: it printed a line holding `log` (a substring, not a pattern), or it listens on its port; waited for `timeoutS` (default 60). */
  ready: ({ log: string } | { port: true }) & { timeoutS?: number };
  keepalive: {
    /** Appended to the command when the lab sets keepalive; placeholders {idle} {interval} {count} {userTimeoutMs}. */
    arguments: string[];
    /** For a server that only switches keepalive on: the lab sets the namespace's net.ipv4.tcp_keepalive_* instead. */
    sysctls: boolean;
    /** The settings the server takes; a flag for another one is refused. */
    takes: Setting[];
    /** What the kernel holds for a setting the server derives, as an expression of those it takes. */
    applies: Partial<Record<Setting, string>>;
    shipped: Shipped;
    /** How the server sets keepalive, in words, for the report. */
    how: string;
  };
  /** The lab's agent holds the connection, or a command in the server's (or another) image. */
  client: 'agent' | { image?: string; command: string[] };
  /** A command in the server's container that lists its clients (a line each, naming the address:port) or counts them. */
  clients?: string[];
  /** A command in the server's container whose first line is its version. */
  version?: string[];
}

/** What holds keepalive on a socket and may take the lab's settings: a server profile, or a client's (lab/clients). */
export type KeepaliveHolder = Pick<ServerProfile, 'name' | 'agent' | 'keepalive'>;

const SETTING_FIELD = { idle: 'idleS', interval: 'intervalS', count: 'count', 'user-timeout': 'userTimeoutMs' } as const;

/** The settings the kernel holds once the server has applied `config` its way (what the model must use). */
export function appliedKeepalive(profile: KeepaliveHolder, config: KeepaliveConfig): KeepaliveConfig {
  if (profile.agent) return effectiveKeepalive(config); // Node's own rules (libuv's 1 s / 10, the floored delay)
  const given = Object.fromEntries(profile.keepalive.takes.map((setting) => [setting, config[SETTING_FIELD[setting]]]));
  return derive(profile, given, config);
}

/** The settings the kernel holds when the lab sets nothing (null: keepalive is off). */
export function shippedKeepalive(profile: KeepaliveHolder, base: KeepaliveConfig): KeepaliveConfig | null {
  const shipped = profile.keepalive.shipped;
  if (shipped === 'off') return null;
  if (shipped === 'kernel') return { ...base, ...NAMESPACE_KEEPALIVE, userTimeoutMs: 0 };
  return derive(profile, shipped, base);
}

/** Taken settings as given, derived ones by their expressions, the rest the namespace's defaults (no user timeout). */
function derive(profile: KeepaliveHolder, given: Partial<Record<Setting, number>>, base: KeepaliveConfig): KeepaliveConfig {
  const names = { ...given, userTimeout: given['user-timeout'] ?? 0 } as Record<string, number>;
  const value = (setting: Setting, fallback: number) => {
    if (given[setting] !== undefined) return given[setting]!;
    const expression = profile.keepalive.applies[setting];
    return expression === undefined ? fallback : evaluate(expression, names);
  };
  return {
    ...base,
    idleS: value('idle', NAMESPACE_KEEPALIVE.idleS),
    intervalS: value('interval', NAMESPACE_KEEPALIVE.intervalS),
    count: value('count', NAMESPACE_KEEPALIVE.count),
    userTimeoutMs: value('user-timeout', 0),
  };
}

/** A command or argument list with its placeholders filled in: {idle} {interval} {count} {userTimeoutMs} {server} {port}. */
export function fill(words: readonly string[], values: Readonly<Record<string, string | number>>): string[] {
  return words.map((word) => word.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)));
}
