// tcpdump in a peer's network namespace (run from its sidecar), from before the client connects until
// after the outcome. Packet timestamps are the kernel's, in the Docker host's clock like every other time.
import { AGENT_PORT } from '../runtime/agent-container.ts';
import type { Sidecar } from '../runtime/sidecar.ts';

const FILE = '/tmp/keepalive-lab.pcap';
const LOG = '/tmp/keepalive-lab-tcpdump.log';
const READY_TIMEOUT_MS = 10_000;

export class PacketCapture {
  private readonly sidecar: Sidecar;
  private readonly pid: string;

  private constructor(sidecar: Sidecar, pid: string) {
    this.sidecar = sidecar;
    this.pid = pid;
  }

  /** Starts tcpdump on the lab port (and ICMP errors about it) and waits until it is listening. */
  static async start(sidecar: Sidecar): Promise<PacketCapture> {
    const pid = (await sidecar.sh(
      // --immediate-mode: without it packets reach tcpdump in blocks, and the last ones (the RST) are lost at stop.
      // ICMPv6 below type 128 are errors; the rest is neighbour discovery noise.
      `tcpdump -i eth0 -n -U --immediate-mode -s 128 --time-stamp-precision=nano -w ${FILE} 'tcp port ${AGENT_PORT} or icmp or (icmp6 and ip6[40] < 128)' >/dev/null 2>${LOG} & echo $!`,
    )).trim();
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await sidecar.sh(`cat ${LOG}`)).includes('listening on')) {
      if (Date.now() > deadline) throw new Error(`tcpdump did not start listening in ${sidecar.peerName}'s namespace: ${await sidecar.sh(`cat ${LOG}`)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return new PacketCapture(sidecar, pid);
  }

  /** Stops tcpdump (which flushes the file) and returns the pcap file's bytes. */
  async stop(): Promise<Buffer> {
    // The sidecar's PID 1 (sleep) never reaps, so an exited tcpdump lingers as a zombie: wait for that state.
    const exited = `! [ -e /proc/${this.pid} ] || grep -q '^State:.*Z' /proc/${this.pid}/status`;
    const base64 = await this.sidecar.sh(`kill -INT ${this.pid}; until ${exited}; do sleep 0.02; done; base64 ${FILE}`);
    return Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  }
}
