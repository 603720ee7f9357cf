// A proxy run's settings, checked before anything starts: the proxy's idle timeout, whose keepalive is on (the
// client's or nobody's), and when the client's application speaks again — after the proxy closed its connection.
import type { KeepaliveConfig } from '../config/keepalive-config.ts';
import { UsageError } from '../errors.ts';
import type { MiddleboxChoice } from '../run/run-options.ts';
import { PROXY_KEEPALIVE_SIDES, type ProxyKeepaliveSide, type ProxyScenario } from '../scenario.ts';

export interface ProxyPlan {
  /** HAProxy's timeout client and timeout server, s. */
  timeoutS: number;
  keepaliveOn: ProxyKeepaliveSide;
  /**
   * The silence before the application's next request, after the close: at least the timeout and a second (the
   * timer starts at the last data, after the first request); by default 1.5 × the timeout, so a client that
   * reconnects at once (ioredis) does not meet the proxy closing its new idle connection as the request leaves.
   */
  requestAfterS: number;
  /** Whether the client's keepalive must probe before the close (on, with idle under the timeout). */
  probesExpected: boolean;
}

export function planProxy(scenario: ProxyScenario, config: KeepaliveConfig, choice: MiddleboxChoice = {}): ProxyPlan {
  if (choice.natTimeoutS !== undefined || choice.mode !== undefined)
    throw new UsageError(`${scenario.name} has a proxy, not a NAT router: give --proxy-timeout instead of --nat-timeout and --nat-mode`);
  const timeoutS = choice.proxyTimeoutS ?? scenario.proxy.timeoutS;
  if (!Number.isInteger(timeoutS) || timeoutS < 1) throw new UsageError(`--proxy-timeout must be a whole number of seconds, at least 1, got '${timeoutS}'`);
  const keepaliveOn = (choice.keepaliveOn ?? scenario.proxy.keepaliveOn) as ProxyKeepaliveSide;
  if (!PROXY_KEEPALIVE_SIDES.includes(keepaliveOn))
    throw new UsageError(
      `--keepalive-on must be ${PROXY_KEEPALIVE_SIDES.join(' or ')} behind the proxy, got '${keepaliveOn}': the server's probes stop at the proxy's kernel as the client's do`,
    );
  const requestAfterS = choice.requestAfterS ?? 1.5 * timeoutS;
  if (!Number.isFinite(requestAfterS) || requestAfterS < timeoutS + 1)
    throw new UsageError(
      `--request-after must be at least the proxy's timeout and a second (${timeoutS + 1} s), so the request comes after the close: got '${requestAfterS}'`,
    );
  return { timeoutS, keepaliveOn, requestAfterS, probesExpected: keepaliveOn === 'client' && config.idleS < timeoutS };
}
