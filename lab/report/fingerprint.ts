// The environment a run measured, for the report: timing depends on the kernel (HZ), the engine, the cgroup
// freezer, the iptables backend and the agent's Node/libuv.
import type Docker from 'dockerode';
import { type KernelHz, parseKernelConfigHz } from '../model/kernel-hz.ts';
import type { Sidecar } from '../runtime/sidecar.ts';

export interface Fingerprint {
  kernel: string;
  hz: number | null;
  hzSource: KernelHz['source'];
  docker: string;
  cgroupVersion: string;
  storageDriver: string;
  iptables: string;
  agentNode: string;
  agentLibuv: string;
  labNode: string;
}

export async function takeFingerprint(
  client: Docker, sidecar: Sidecar, agentVersions: { node: string; uv: string },
): Promise<{ fingerprint: Fingerprint; hz: KernelHz }> {
  const [info, probe] = await Promise.all([
    client.info() as Promise<Record<string, string>>,
    sidecar.sh("uname -r; iptables -V; zcat /proc/config.gz 2>/dev/null | grep '^CONFIG_HZ=' || true"),
  ]);
  const [kernel = '', iptables = '', ...config] = probe.trim().split('\n');
  const hz = parseKernelConfigHz(config.join('\n'));
  return {
    hz,
    fingerprint: {
      kernel,
      hz: hz.hz,
      hzSource: hz.source,
      docker: info.ServerVersion ?? 'unknown',
      cgroupVersion: info.CgroupVersion ?? 'unknown',
      storageDriver: info.Driver ?? 'unknown',
      iptables,
      agentNode: agentVersions.node,
      agentLibuv: agentVersions.uv,
      labNode: process.version,
    },
  };
}

/** A few words that tell environments apart in a summary's rows: kernel, HZ, the agents' Node (the rest is in its table). */
export function shortEnvironment(e: Fingerprint): string {
  const lab = e.labNode && e.labNode !== e.agentNode ? ` (lab ${e.labNode.replace(/^v/, '')})` : '';
  return `Linux ${e.kernel} · HZ ${e.hz ?? '?'} · Node ${e.agentNode.replace(/^v/, '')}${lab}`;
}
