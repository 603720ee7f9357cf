import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MiddleboxResult } from '../middlebox/result.ts';
import { renderMarkdown } from './markdown.ts';
import { renderPicture } from './picture.ts';
import { describeRun } from './run-sentence.ts';

// Real runs behind the router (NAT timeout 5 s, drop mode): nat-keepalive-holds as it ships (server keepalive, idle 2 s),
// nat-forgets-idle (keepalive off), and nat-keepalive-holds with the client's keepalive at idle 8 s, too slow.
const result = (name: string) => JSON.parse(readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')) as MiddleboxResult;
const unpadded = (markdown: string) => markdown.replace(/ +\|/g, ' |').replace(/\| +/g, '| ');
const holds = unpadded(renderMarkdown(result('nat-keepalive-holds-result.json')));
const forgets = unpadded(renderMarkdown(result('nat-forgets-idle-drop-result.json')));
const tooSlow = unpadded(renderMarkdown(result('nat-keepalive-holds-idle8-client-result.json')));

describe("a middlebox run's report", () => {
  it('says in one sentence what the router did and how the request ended', () => {
    expect(holds).toContain(
      '**What happened:** After 15 s of silence the router still held the flow, its entry refreshed 7 times by keepalive: the request was answered 1.8 ms after it was sent.',
    );
    expect(forgets).toContain(
      '**What happened:** After 15 s of silence the router (drop mode) had forgotten the flow 9.789 s before: the request ended ETIMEDOUT 6.623 s after it was sent, 95.0 ms before the prediction made from its first retransmissions.',
    );
    expect(tooSlow).toContain(
      "**What happened:** The router (drop mode) forgot the flow 5.110 s after the handshake; the client's own keepalive found out first and ended the connection ETIMEDOUT 3.685 s before the request was due, so the request never went out.",
    );
  });

  it("says when the server's end had ended, where it had", () => {
    const run = result('nat-forgets-idle-drop-result.json');
    run.server.fate = { saw: 'ETIMEDOUT', atMs: -3_891.2, gotRequest: false };
    expect(describeRun(run)).toMatch(
      /the request ended ETIMEDOUT 6\.623 s after it was sent, 95\.0 ms before the prediction made from its first retransmissions; the server's end had ended ETIMEDOUT 3\.891 s before the request\.$/,
    );
  });

  it('draws the path through the router, and states its settings and the margin', () => {
    expect(holds).toContain('flowchart LR');
    expect(holds).toMatch(/router\["router: NAT<br\/>[\d.]+ \| [\d.]+<br\/>forgets an idle flow after 5 s<br\/>drop mode"\]/);
    expect(holds).toContain('| margin: NAT timeout − keepalive idle | 3 s |');
    expect(tooSlow).toContain('| margin: NAT timeout − keepalive idle | −3 s — keepalive speaks only after the router has forgotten |');
    expect(forgets).toContain("| the client's net.ipv4.tcp_retries2 | 3 (the default 15 would retransmit an unanswered request for about 15 minutes) |");
  });

  it("shows the request with the wire's evidence and the server's fate", () => {
    expect(forgets).toContain("| the client's wire after it | 5 retransmissions, unanswered |");
    expect(forgets).toContain('| the request reached the server | no |');
    expect(holds).toContain('| keepalive probes on the wire | 7 from the server, all answered |');
    expect(tooSlow).toContain("| the client's wire in the silence | 3 keepalive probes, unanswered |");
  });

  it("states a dropped request's window, and its end as predicted from its first retransmissions with how far the measurement was", () => {
    expect(forgets).toContain("| the verdict's window (the retransmission limit, from the first retransmission) | 3.206 … 7.279 s |");
    expect(forgets).toContain(
      "| predicted from its first 3 retransmissions (HZ 250, 32 timer chains fit) | ETIMEDOUT at 6.718 s, the fitting chains' span 6.617 … 6.875 s; measured − predicted −95.027 ms |",
    );
  });

  it("shows the router's memory of the flow: refreshed, or expired and gone before the request", () => {
    expect(holds).toMatch(/\| refreshed \(its timeout back at the full NAT timeout\) \| 7 times: 2\.\d{3} s, /);
    expect(forgets).toContain('| expired | 4.961 s … 5.224 s |');
    expect(forgets).toContain('| the request went out | 15.012 s — 9.789 s after the entry was gone |');
  });

  it('times the timeline from the handshake and from the request', () => {
    expect(forgets).toContain('| from the handshake | from the request | source | event | detail |');
    expect(forgets).toMatch(/\| \+15218\.3 \| \+205\.8 \| client side \| retransmission \| 4 bytes, client → server \|/);
  });

  it('pictures the router holding or forgetting the flow beside the probes and the request, also for a summary', () => {
    const picture = renderPicture(result('nat-forgets-idle-drop-result.json')).join('\n');
    expect(picture).toContain('title nat-forgets-idle, drop mode: seconds from the handshake');
    expect(picture).toContain('forgot it (NAT timeout 5 s) :crit, 4961, ');
    expect(picture).toContain('ETIMEDOUT at 21.635 s :milestone, 21635, 21635');
    expect(renderPicture(result('nat-keepalive-holds-result.json')).join('\n')).toContain('holds the flow to the end, refreshed 7 times :active, 0, ');
    expect(tooSlow).toContain('connection ended ETIMEDOUT at 11.315 s');
  });

  it('leaves out the sections of a run struck by a fault', () => {
    expect(holds).not.toContain('## Expected window');
    expect(holds).not.toContain('## Probes after the fault');
  });
});
