// An application's client in a run (--client): its profile, its lines, its workload — a request every
// `requestEveryMs`, hung when unanswered `requestTimeoutMs` after it was sent — and when the lab healed the fault.
import type { ClientProfile } from '../clients/client-profile.ts';
import { clientEnvironment } from '../clients/client-profile.ts';
import type { Instant } from '../clock.ts';
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { ApplicationLog } from '../observe/application-log.ts';
import type { ApplicationStart } from '../runtime/application-container.ts';
import type { RunIdentity } from '../runtime/run-identity.ts';
import { serverName } from '../runtime/server-container.ts';
import type { RunOptions } from './run-options.ts';

/** A request unanswered this long after it was sent hung (--request-timeout). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;
/** How long after the heal the application's first answer is awaited, beyond one request's spacing (a library's reconnection backs off). */
export const RECOVERY_GRACE_MS = 15_000;

export interface ApplicationRun {
  profile: ClientProfile;
  log: ApplicationLog;
  /** The settings the lab gives the client; null: it runs as it ships. */
  keepalive: KeepaliveConfig | null;
  requestEveryMs: number;
  requestTimeoutMs: number;
  /** When the lab healed the fault, once it has. */
  healedAt?: Instant;
}

/**
 * The client's run. Unless told otherwise, its requests come far enough apart that none is in flight while
 * keepalive's chain runs out after the fault (data in flight would silence keepalive and leave the ending to the
 * retransmission timer): the time keepalive takes to be proven active from the first request (its first probes: idle,
 * then the larger of idle and interval — a healthy connection is probed every idle when idle is the larger), its chain
 * after the fault, and 5 s; 10 s where keepalive is off. (At idle 3 the chain plus 5 s alone let a request out 9
 * probes into a chain of 10.)
 */
export function applicationRun(
  profile: ClientProfile,
  options: Pick<RunOptions, 'requestEveryMs' | 'requestTimeoutMs'>,
  keepalive: KeepaliveConfig | null,
  applied: KeepaliveConfig | null,
): ApplicationRun {
  const chainMs = applied ? (2 * applied.idleS + Math.max(applied.idleS, applied.intervalS) + applied.intervalS * applied.count) * 1000 : 5_000;
  return {
    profile,
    log: new ApplicationLog(),
    keepalive,
    requestEveryMs: options.requestEveryMs ?? chainMs + 5_000,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

/** What the client's container is started with: its image, its environment (the server by name unless `host` is given: a router's address), where its lines go. */
export function applicationStart(application: ApplicationRun, run: RunIdentity, port: number, image: string, host = serverName(run)): ApplicationStart {
  const workload = { host, port, requestEveryMs: application.requestEveryMs };
  return { profile: application.profile, image, env: clientEnvironment(application.profile, workload, application.keepalive), log: application.log };
}
