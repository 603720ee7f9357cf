// A crowd run's report, from the result of a real run here (many-clients, 10,000 connections, 5,000 dead).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CrowdResult } from '../crowd/result.ts';
import { renderMarkdown } from './markdown.ts';
import { renderSummaryMarkdown } from './summary-markdown.ts';

const result = JSON.parse(readFileSync(new URL('fixtures/many-clients-result.json', import.meta.url), 'utf8')) as CrowdResult;
const unpadded = (markdown: string) => markdown.replace(/ +\|/g, ' |').replace(/\| +/g, '| ');
const report = unpadded(renderMarkdown(result));

describe("a crowd run's report", () => {
  it('says in a sentence how every connection fared', () => {
    expect(report).toContain(
      '**What happened:** Of 10000 connections, 5000 of the 5000 dead ones were ended (keepalive), 5000 inside their own windows, a median 3.503 s after the fault (3.087 s … 4.080 s); 0 of the 5000 live ones dropped.',
    );
  });

  it('shows the crowd, and every connection counted', () => {
    expect(report).toContain('| client-dead-1 | 5000 | yes |');
    expect(report).toContain('| connections (on the wire: their handshakes) | 10000 (10000) |');
    expect(report).toContain('| … as and when expected (inside their own windows, the right probes, the right ending) | 5000 |');
    expect(report).toContain('| live ones dropped, or with a probe unanswered | 0 |');
  });

  it("draws the server's resources over time, with the dead ones' windows shaded, and says where each connection's line is", () => {
    expect(report).toMatch(
      /```mermaid\nxychart-beta\n {2}title "many-clients: established connections"\n {2}x-axis "seconds from the fault" \[-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5\]\n {2}y-axis "connections" 0 --> 12000\n {2}bar \[0, 0, 0, 0, 0, 0, 0, 0, 12000, 12000, 0\]\n/,
    );
    expect(report).toContain('`many-clients.connections.jsonl` beside this report');
    expect(report).not.toContain('## Probes after the fault'); // one connection's sections are not a crowd's
  });

  it('sits in a summary of many runs with its median detection, and its chart as the picture', () => {
    const summary = renderSummaryMarkdown([{ scenario: result.scenario, result }], {});
    expect(summary).toMatch(/\| many-clients +\| vm-pause client +\| 1\/1\/3 listener +\| +3\.082 … 4\.109 s \| +ETIMEDOUT 3\.503 s \|/);
    expect(summary).toContain('title "many-clients: established connections"');
  });
});
