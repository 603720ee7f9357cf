import { describe, expect, it } from 'vitest';
import { scenario } from '../catalogue/index.ts';
import { parseKeepaliveConfig } from '../config/keepalive-config.ts';
import type { ProxyScenario } from '../scenario.ts';
import { planProxy } from './plan.ts';

const proxy = scenario('proxy-closes-idle') as ProxyScenario;
const config = parseKeepaliveConfig(proxy.defaults);

describe('planProxy', () => {
  it('takes the timeout, keepalive on the client, and a request after the close', () => {
    expect(planProxy(proxy, config)).toEqual({ timeoutS: 5, keepaliveOn: 'none', requestAfterS: 7.5, probesExpected: false });
    expect(planProxy(proxy, config, { proxyTimeoutS: 8, keepaliveOn: 'client' })).toEqual({
      timeoutS: 8,
      keepaliveOn: 'client',
      requestAfterS: 12,
      probesExpected: true,
    });
  });

  it('expects no probe where idle is not under the timeout', () => {
    expect(planProxy(proxy, parseKeepaliveConfig({ ...proxy.defaults, idleS: 5 }), { keepaliveOn: 'client' }).probesExpected).toBe(false);
  });

  it('refuses what a proxy cannot take, in one line', () => {
    expect(() => planProxy(proxy, config, { natTimeoutS: 5 })).toThrow('give --proxy-timeout instead of --nat-timeout');
    expect(() => planProxy(proxy, config, { proxyTimeoutS: 0 })).toThrow("--proxy-timeout must be a whole number of seconds, at least 1, got '0'");
    expect(() => planProxy(proxy, config, { keepaliveOn: 'server' })).toThrow('--keepalive-on must be client or none behind the proxy');
    expect(() => planProxy(proxy, config, { requestAfterS: 5.5 })).toThrow("--request-after must be at least the proxy's timeout and a second (6 s)");
  });
});
