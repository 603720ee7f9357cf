// The kernel tick rate (CONFIG_HZ) sets the jiffy the keepalive timer counts in. Containers share the host's
// kernel, so /proc/config.gz read inside any container is the host's.
export const COMMON_HZ = [100, 250, 300, 1000] as const;

export type HzSource = 'kernel-config' | 'probe-spacing' | 'unknown';

export interface KernelHz {
  /** The HZ the model uses; null when unknown (the model then takes the worst case of COMMON_HZ). */
  hz: number | null;
  source: HzSource;
  /** When the probe spacing fits several HZ values: those (the model takes the worst of them). */
  candidates?: number[];
}

/** Reads CONFIG_HZ=N from kernel config text (the output of `zcat /proc/config.gz`). */
export function parseKernelConfigHz(configText: string): KernelHz {
  const match = /^CONFIG_HZ=(\d+)$/m.exec(configText);
  return match ? { hz: Number(match[1]), source: 'kernel-config' } : { hz: null, source: 'unknown' };
}

/** The HZ values a timer chain is simulated at: the known one, else the candidates left, else every common one. */
export function hzToTry(hz: KernelHz): number[] {
  return hz.hz !== null ? [hz.hz] : [...(hz.candidates ?? COMMON_HZ)];
}
