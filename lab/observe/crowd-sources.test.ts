// The sources a crowd run observes with: the bulk capture's stream followed by its record headers alone, and the resource sampler's lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PcapProgress, readPcap } from './pcap-file.ts';
import { parseResourceLine } from './resource-sampler.ts';

describe('following a pcap stream by its record headers', () => {
  const capture = readFileSync(new URL('fixtures/vm-pause-1-3-10.pcap', import.meta.url));
  const records = readPcap(capture).records;

  it.each([1, 7, 100, 100_000])("counts the records and knows the last one's time, in chunks of %i bytes", (size) => {
    const progress = new PcapProgress();
    const seen: number[] = [];
    for (let offset = 0; offset < capture.length; offset += size) {
      progress.push(capture.subarray(offset, offset + size));
      seen.push(progress.lastT);
    }
    expect(progress.records).toBe(records.length);
    expect(progress.lastT).toBe(records.at(-1)!.t);
    expect(seen.every((t, k) => k === 0 || t >= seen[k - 1]!)).toBe(true);
  });
});

describe("the resource sampler's lines", () => {
  it('reads time, established connections, open files and socket memory (or none, on the samples that skip it)', () => {
    expect(parseResourceLine('1795661737.559824 10000 10022 4096')).toEqual({
      t: 1795661737559.824,
      established: 10000,
      openFiles: 10022,
      socketMemoryBytes: 4096,
    });
    expect(parseResourceLine('1795661737.809824 9000 9022 -')).toMatchObject({ established: 9000, socketMemoryBytes: null });
    expect(parseResourceLine('bash: warning')).toBeNull();
  });
});
