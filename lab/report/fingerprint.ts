// The environment a run measured, for the report: timing depends on the kernel (HZ), the engine, the cgroup
// freezer, the iptables backend and the agent's Node/libuv.
import type Docker from 'dockerode';
import { type KernelHz, parseKernelConfigHz } from '../model/kernel-hz.ts';
import type { RunContainer } from '../runtime/run-container.ts';
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

/** `agent`: a container running the lab's agent, asked for its Node and libuv versions. */
export async function takeFingerprint(client: Docker, sidecar: Sidecar, agent: RunContainer): Promise<{ fingerprint: Fingerprint; hz: KernelHz }> {
  const [info, probe, versions] = await Promise.all([
    client.info() as Promise<Record<string, string>>,
    sidecar.sh("uname -r; iptables -V; zcat /proc/config.gz 2>/dev/null | grep '^CONFIG_HZ=' || true"),
    agent.container.exec(['node', '-p', 'process.version + " " + process.versions.uv']),
  ]);
  const [agentNode = '?', agentLibuv = '?'] = versions.exitCode === 0 ? versions.output.trim().split(' ') : [];
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
      agentNode,
      agentLibuv,
      labNode: process.version,
    },
  };
}

/** A few words that tell environments apart in a summary's rows: kernel, HZ, the agents' Node (the rest is in its table). */
export function shortEnvironment(e: Fingerprint): string {
  const lab = e.labNode && e.labNode !== e.agentNode ? ` (lab ${e.labNode.replace(/^v/, '')})` : '';
  return `Linux ${e.kernel} · HZ ${e.hz ?? '?'} · Node ${e.agentNode.replace(/^v/, '')}${lab}`;
}
