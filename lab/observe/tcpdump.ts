// tcpdump in a peer's namespace as every capture runs it: the lab's port and the ICMP errors about it, nanosecond
// timestamps, a pcap stream on stdout. Started once it says it listens; stopped with SIGINT, on which it flushes its
// last packets and prints what it captured and lost — read once its stream has ended too.
import { finished } from 'node:stream/promises';
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';

const READY_TIMEOUT_MS = 10_000;

/** Starts tcpdump with `options` (snap length, buffering) on `port`, and resolves once it listens. */
export async function startTcpdump(sidecar: Sidecar, port: number, options: string): Promise<StreamingCommand> {
  // ICMPv6 below type 128 are errors; the rest is neighbour discovery noise.
  const filter = `tcp port ${port} or icmp or (icmp6 and ip6[40] < 128)`;
  const command = await sidecar.stream(`exec tcpdump -i eth0 -n ${options} --time-stamp-precision=nano -w - '${filter}'`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!command.stderr().includes('listening on')) {
    if (Date.now() > deadline) throw new Error(`tcpdump did not start listening in ${sidecar.peerName}'s namespace: ${command.stderr().trim() || 'no output'}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return command;
}

/** What tcpdump counted when it stopped: captured, dropped by the kernel (its buffer) and by the interface. */
export interface TcpdumpCounts {
  captured: number | null;
  droppedByKernel: number | null;
  droppedByInterface: number | null;
}

/** Stops tcpdump and waits for its stream to end (its last chunks arrive after the command has), then reads its counts. */
export async function stopTcpdump(command: StreamingCommand): Promise<TcpdumpCounts> {
  await command.stop('INT');
  await finished(command.stdout);
  const count = (what: string) => {
    const found = new RegExp(`(\\d+) packets? ${what}`).exec(command.stderr())?.[1];
    return found === undefined ? null : Number(found);
  };
  return { captured: count('captured'), droppedByKernel: count('dropped by kernel'), droppedByInterface: count('dropped by interface') };
}
