// The environment a run measured, for the report: timing depends on the kernel (HZ), the engine, the cgroup
// freezer, the iptables backend, and the server under test — the agent's Node/libuv, or a profile's own version.
import type Docker from 'dockerode';
import { type KernelHz, parseKernelConfigHz } from '../model/kernel-hz.ts';
import type { RunContainer } from '../runtime/run-container.ts';
import type { Sidecar } from '../runtime/sidecar.ts';
import type { ServerProfile } from '../servers/server-profile.ts';

export interface Fingerprint {
  kernel: string;
  hz: number | null;
  hzSource: KernelHz['source'];
  docker: string;
  cgroupVersion: string;
  storageDriver: string;
  iptables: string;
  /** The agent's Node and libuv; '—' when the server under test is not the agent. */
  agentNode: string;
  agentLibuv: string;
  labNode: string;
  /** The server under test and its version ("redis: Redis server v=7.0.15 …"); absent in results from before profiles. */
  server?: string;
}

/** `server`: the server's container, asked for its version (the agent for its Node and libuv). */
export async function takeFingerprint(
  client: Docker,
  sidecar: Sidecar,
  server: RunContainer,
  profile: ServerProfile,
): Promise<{ fingerprint: Fingerprint; hz: KernelHz }> {
  const versionCommand = profile.agent ? ['node', '-p', 'process.version + " " + process.versions.uv'] : profile.version;
  const [info, probe, versions] = await Promise.all([
    client.info() as Promise<Record<string, string>>,
    sidecar.sh("uname -r; iptables -V; zcat /proc/config.gz 2>/dev/null | grep '^CONFIG_HZ=' || true"),
    versionCommand ? server.container.exec(versionCommand) : Promise.resolve(undefined),
  ]);
  const version = versions?.exitCode === 0 ? versions.output.trim().split('\n')[0]! : 'version unknown';
  const [agentNode = '?', agentLibuv = '?'] = profile.agent ? version.split(' ') : ['—', '—'];
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
      server: profile.agent ? `agent (Node ${agentNode})` : `${profile.name}: ${version}`,
    },
  };
}

/** A few words that tell environments apart in a summary's rows: kernel, HZ, the server (the rest is in its table). */
export function shortEnvironment(e: Fingerprint): string {
  if (e.agentNode === '—') return `Linux ${e.kernel} · HZ ${e.hz ?? '?'} · ${(e.server ?? 'server').split(' ').slice(0, 4).join(' ')}`;
  const lab = e.labNode && e.labNode !== e.agentNode ? ` (lab ${e.labNode.replace(/^v/, '')})` : '';
  return `Linux ${e.kernel} · HZ ${e.hz ?? '?'} · Node ${e.agentNode.replace(/^v/, '')}${lab}`;
}
