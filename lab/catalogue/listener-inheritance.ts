import { defineScenario } from '../scenario.ts';

export default defineScenario({
  name: 'listener-inheritance',
  summary: 'keepalive options set only on the listening socket: the accepted socket holds them and detection follows them',
  finding:
    "On Linux, as the reference article found on Windows, an accepted socket inherits SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT from the listening socket (sock_copy): getsockopt on the accepted socket reads them back, and a vm-paused client is detected on their schedule. Values unlike libuv's own (interval 1, count 10) show the server's code never touched the accepted socket.",
  agentOnly: "it sets the options on the listening socket and reads them back on the accepted one, which only the lab's agent does",
  defaults: { idleS: 2, intervalS: 1, count: 4, userTimeoutMs: 0, setOn: 'listener' },
  fault: { kind: 'vm-pause', target: 'client' },
  expect: { outcome: 'error', codes: ['ETIMEDOUT'], by: 'keepalive' },
});
