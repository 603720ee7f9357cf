// An application's client under test, as data: a program (a real client library used the way an application
// uses it) built FROM the lab's base image, how its keepalive is set and what the kernel then holds, the server it
// speaks to, and the JSON lines it prints about each request (docs/clients.md › The application's lines).
import type { KeepaliveBlock } from '../servers/profile-schema.ts';
import { fill, type KeepaliveHolder, shippedKeepalive } from '../servers/server-profile.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';

export interface ClientProfile extends KeepaliveHolder {
  summary: string;
  /** 'built-in', or the profile file's path. */
  source: string;
  /** The profile file it was read from: not part of the image's recipe. */
  file?: string;
  agent: false;
  /** The server profile it speaks to when the run names none. */
  server: string;
  /** The program's directory: its files (and its node_modules) are copied into an image FROM keepalive-lab/base. */
  directory: string;
  /** Packages copied from the lab's own node_modules with their dependencies (the built-in clients' libraries, pinned by its lockfile). */
  modules: string[];
  command: string[];
  env: Record<string, string>;
  keepalive: KeepaliveBlock & {
    /** Environment variables that carry the settings taken; placeholders {idle} {idleMs} {interval} {count} {userTimeoutMs}. */
    env: Record<string, string>;
  };
}

/** The variables every client is given: where the server is and how often to send a request. */
export interface Workload {
  host: string;
  port: number;
  requestEveryMs: number;
}

/** The client's environment: its own, the workload's, and (when the lab sets keepalive) its keepalive variables filled in. */
export function clientEnvironment(profile: ClientProfile, workload: Workload, keepalive: KeepaliveConfig | null): Record<string, string> {
  const values = keepalive && {
    idle: keepalive.idleS,
    idleMs: keepalive.idleS * 1000,
    interval: keepalive.intervalS,
    count: keepalive.count,
    userTimeoutMs: keepalive.userTimeoutMs,
  };
  const filled = values ? Object.fromEntries(Object.entries(profile.keepalive.env).map(([name, value]) => [name, fill([value], values)[0]!])) : {};
  return {
    ...profile.env,
    LAB_SERVER_HOST: workload.host,
    LAB_SERVER_PORT: String(workload.port),
    LAB_REQUEST_EVERY_MS: String(workload.requestEveryMs),
    ...filled,
  };
}

/** The idle (s) of the keepalive the client ships, where it probes before `seconds` of silence; null otherwise. */
export function shippedIdleUnder(profile: ClientProfile, defaults: KeepaliveConfig, seconds: number): number | null {
  const shipped = shippedKeepalive(profile, defaults);
  return shipped && shipped.idleS < seconds ? shipped.idleS : null;
}
