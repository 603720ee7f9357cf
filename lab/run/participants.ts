// Who took part in a run, as its result records them: the server (its profile, the image it ran, how it sets
// keepalive) and an application's client with what it saw — one record for every run kind.
import { type Instant, now } from '../clock.ts';
import type { ObservedKeepalive } from '../observe/observed-keepalive.ts';
import type { ServerProfile } from '../servers/server-profile.ts';
import { takenSettings } from '../servers/settings-refusal.ts';
import type { ApplicationRun } from './application-run.ts';
import { summarizeApplication } from './application-summary.ts';
import type { RunResult } from './result.ts';

/** The server under test; `log`: its last lines, where it is not the lab's agent. */
export function serverRecord(profile: ServerProfile, image: string, log?: string[]): NonNullable<RunResult['server']> {
  return { profile: profile.name, source: profile.source, image, how: profile.keepalive.how, takes: profile.keepalive.takes, ...(log ? { log } : {}) };
}

/** The application's client and what it saw from its lines, its times from `faultAt`. */
export function applicationRecord(
  application: ApplicationRun,
  image: string,
  observedKeepalive: ObservedKeepalive | null,
  faultAt: Instant,
): Pick<RunResult, 'client' | 'application'> {
  const { profile, keepalive } = application;
  return {
    client: {
      profile: profile.name,
      source: profile.source,
      image,
      how: profile.keepalive.how,
      takes: profile.keepalive.takes,
      settings: keepalive && takenSettings(profile, keepalive),
      observedKeepalive,
      requestEveryMs: application.requestEveryMs,
    },
    application: summarizeApplication(application.log.items, {
      faultAt,
      healedAt: application.healedAt ?? null,
      endAt: now(),
      requestTimeoutMs: application.requestTimeoutMs,
    }),
  };
}
