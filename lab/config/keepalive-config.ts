// Keepalive settings of a run, validated against the kernel's own ranges (include/net/tcp.h) so a bad value
// is refused before anything starts, instead of becoming a silent EINVAL inside a container.
import { z } from 'zod';
import { SET_ON } from './set-on.ts';

export const KERNEL_LIMITS = {
  idleS: { min: 1, max: 32767 },
  intervalS: { min: 1, max: 32767 },
  count: { min: 1, max: 127 },
  userTimeoutMs: { min: 0, max: 2 ** 31 - 1 },
} as const;

const seconds = (name: string, limits: { min: number; max: number }) =>
  z
    .number({ error: `${name} must be a number of seconds` })
    .int({ error: `${name} must be a whole number of seconds (the kernel counts whole seconds)` })
    .min(limits.min, { error: `${name} must be at least ${limits.min} s (the kernel refuses less)` })
    .max(limits.max, { error: `${name} must be at most ${limits.max} s (the kernel refuses more)` });

export const keepaliveConfigSchema = z.object({
  idleS: seconds('--idle', KERNEL_LIMITS.idleS),
  intervalS: seconds('--interval', KERNEL_LIMITS.intervalS),
  count: z
    .number({ error: '--count must be a number' })
    .int({ error: '--count must be a whole number' })
    .min(KERNEL_LIMITS.count.min, { error: `--count must be at least ${KERNEL_LIMITS.count.min}` })
    .max(KERNEL_LIMITS.count.max, { error: `--count must be at most ${KERNEL_LIMITS.count.max} (the kernel refuses more)` }),
  userTimeoutMs: z
    .number({ error: '--user-timeout must be a number of milliseconds' })
    .int({ error: '--user-timeout must be a whole number of milliseconds' })
    .min(KERNEL_LIMITS.userTimeoutMs.min, { error: '--user-timeout must be 0 (unset) or more' })
    .max(KERNEL_LIMITS.userTimeoutMs.max, { error: `--user-timeout must be at most ${KERNEL_LIMITS.userTimeoutMs.max} ms` }),
  setOn: z.enum(SET_ON, { error: `--set-on must be one of: ${SET_ON.join(', ')}` }),
});

export type KeepaliveConfig = z.infer<typeof keepaliveConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates and returns the config, or throws a ConfigError with the first problem as one line. */
export function parseKeepaliveConfig(input: unknown): KeepaliveConfig {
  const result = keepaliveConfigSchema.safeParse(input);
  if (!result.success) throw new ConfigError(result.error.issues[0]?.message ?? 'invalid keepalive settings');
  return result.data;
}

/** libuv ≥ 1.35 (uv__tcp_keepalive) sets these whenever Node's setKeepAlive turns keepalive on. */
export const LIBUV_KEEPALIVE = { intervalS: 1, count: 10 } as const;
/** Every new network namespace starts with these (tcp_sk_init), whatever the host says. */
export const NAMESPACE_KEEPALIVE = { idleS: 7200, intervalS: 75, count: 9 } as const;

/**
 * The options the kernel will really apply. Node alone cannot set interval or count: libuv forces 1 s and 10.
 * And a delay under 1000 ms (none at all included) floors to TCP_KEEPIDLE 0, which the kernel refuses; Node
 * ignores the error and never sets interval or count, so the namespace's defaults rule.
 */
export function effectiveKeepalive(config: KeepaliveConfig): KeepaliveConfig {
  if (config.setOn === 'node-default') return { ...config, ...LIBUV_KEEPALIVE, userTimeoutMs: 0 };
  if (config.setOn === 'node-no-delay') return { ...config, ...NAMESPACE_KEEPALIVE, userTimeoutMs: 0 };
  return config;
}
