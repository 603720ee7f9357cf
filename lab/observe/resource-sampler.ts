// What a crowded server holds over time, sampled from a sidecar that shares its network and process namespaces
// (one long-running loop, not a `docker exec` per sample): its established connections (Tcp.CurrEstab of its
// namespace), the open files of its processes (PID 1 and its children, by /proc/<pid>/fd), and its sockets'
// memory (`ss -tm` in its namespace, summed: /proc/net/sockstat's figure is the host's, not the server's).
import { createInterface } from 'node:readline';
import type { Sidecar, StreamingCommand } from '../runtime/sidecar.ts';
import type { ObservationSource } from './facts.ts';

export const RESOURCE_SAMPLE_MS = 250;
/** `ss -tm` walks every socket: it is read on every this-many-th sample only. */
const MEMORY_EVERY = 4;

export interface ResourceSample {
  /** ms since the epoch (the Docker host's clock). */
  t: number;
  established: number;
  openFiles: number;
  /** The sum over its TCP sockets of the memory they hold (skmem r + w + f + o), bytes; null on samples that skip it. */
  socketMemoryBytes: number | null;
}

export class ResourceSampler implements ObservationSource<readonly ResourceSample[]> {
  readonly name = 'resources';
  readonly samples: ResourceSample[] = [];
  private readonly command: StreamingCommand;

  private constructor(command: StreamingCommand) {
    this.command = command;
    createInterface({ input: command.stdout }).on('line', (line) => {
      const sample = parseResourceLine(line);
      if (sample) this.samples.push(sample);
    });
  }

  static async start(sidecar: Sidecar): Promise<ResourceSampler> {
    const script = [
      'tick=$(mktemp -u); mkfifo "$tick"; exec 3<>"$tick"; rm "$tick"',
      'n=0',
      'while :; do',
      '  t=$EPOCHREALTIME; estab=',
      '  mapfile -t a < /proc/net/snmp',
      '  for l in "${a[@]}"; do case "$l" in "Tcp: "[0-9-]*) set -- $l; estab=${10};; esac; done',
      // The server's processes: PID 1 and its children (the sidecar's own have parent 0, outside the namespace).
      '  files=0; for p in /proc/[0-9]*; do',
      '    [ "${p#/proc/}" = 1 ] || { mapfile -t st < "$p/status" 2>/dev/null || continue; ppid=; for l in "${st[@]}"; do case "$l" in PPid:*) ppid=${l##*[[:space:]]};; esac; done; [ "$ppid" = 1 ] || continue; }',
      '    fds=("$p"/fd/*); [ -e "${fds[0]}" ] && files=$((files + ${#fds[@]}))',
      '  done',
      // skmem:(r…,rb…,t…,tb…,f…,w…,o…,bl…,d…): what is allocated — received, forward-allocated, queued to send, options.
      `  mem=-; if [ $((n % ${MEMORY_EVERY})) = 0 ]; then mem=$(ss -tmnH | grep -o 'skmem:([^)]*)' | awk -F'[(,)]' '{ for (i = 2; i < NF; i++) { k = substr($i, 1, 1); v = substr($i, 2); if ((k == "r" || k == "f" || k == "w" || k == "o") && v ~ /^[0-9]+$/) s += v } } END { print s + 0 }'); fi`,
      '  echo "$t $estab $files $mem"; n=$((n + 1))',
      `  read -t ${RESOURCE_SAMPLE_MS / 1000} -u 3 || true`,
      'done',
    ].join('\n');
    return new ResourceSampler(await sidecar.stream(script, 'bash'));
  }

  async stop(): Promise<void> {
    await this.command.stop();
  }

  result(): readonly ResourceSample[] {
    return this.samples;
  }
}

/** "1764129600.123456 1000 1012 2048000" (memory "-" when skipped) → a sample; null for anything else. */
export function parseResourceLine(line: string): ResourceSample | null {
  const match = /^(\d+\.\d+) (\d+) (\d+) (\d+|-)$/.exec(line.trim());
  if (!match) return null;
  return {
    t: Number(match[1]) * 1000,
    established: Number(match[2]),
    openFiles: Number(match[3]),
    socketMemoryBytes: match[4] === '-' ? null : Number(match[4]),
  };
}
