// A run's own Docker network: internal (no route out), so the lab's traffic only flows between its containers.
// For IPv6 it gets a unique-local /64 of its own (Docker adds an IPv4 subnet beside it) and the containers talk
// over their IPv6 addresses.
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { RunIdentity } from './run-identity.ts';

export const IP_VERSIONS = [4, 6] as const;
export type IpVersion = (typeof IP_VERSIONS)[number];

export interface LabNetwork {
  id: string;
  name: string;
  /** Which IP the run's containers talk over. */
  ipVersion: IpVersion;
}

/** `side`: a suffix for a run with more than one network (the middlebox's client and server sides). */
export async function createInternalNetwork(client: Docker, run: RunIdentity, ipVersion: IpVersion = 4, side?: string): Promise<LabNetwork> {
  const name = `keepalive-lab-${run.runId}${side ? `-${side}` : ''}`;
  const ipv6 = ipVersion === 6 ? { EnableIPv6: true, IPAM: { Config: [{ Subnet: `fd00:6b61:${randomBytes(2).toString('hex')}::/64` }] } } : {};
  const network = await client.createNetwork({ Name: name, Driver: 'bridge', Internal: true, Labels: run.labels, ...ipv6 });
  return { id: network.id, name, ipVersion };
}

/** A container's address on the network, in the network's IP version. */
export async function addressOn(client: Docker, containerId: string, network: LabNetwork): Promise<string> {
  const settings = (await client.getContainer(containerId).inspect()).NetworkSettings.Networks[network.name];
  const address = network.ipVersion === 6 ? settings?.GlobalIPv6Address : settings?.IPAddress;
  if (!address) throw new Error(`container ${containerId.slice(0, 12)} has no IPv${network.ipVersion} address on ${network.name}`);
  return address;
}
