// The lab's own agent as a server profile: a Node program that sets keepalive where --set-on says (on the
// listening socket through setsockopt, on each accepted one, or with Node's setKeepAlive alone), reports every
// socket event, and can keep data in flight. Node leaves keepalive off unless asked.
import type { ServerProfile } from './server-profile.ts';

/** The port the agent listens on, and the repository its image is tagged in (by its source's content hash). */
export const AGENT_PORT = 7000;
export const AGENT_REPOSITORY = 'keepalive-lab/agent';

export const agentProfile: ServerProfile = {
  name: 'agent',
  summary: "the lab's own Node program (the default): keepalive set where --set-on says, every socket event reported",
  source: 'built-in',
  agent: true,
  image: { ref: AGENT_REPOSITORY },
  port: AGENT_PORT,
  env: {},
  ready: { log: '"event":"listening"' },
  keepalive: {
    arguments: [],
    sysctls: false,
    takes: ['idle', 'interval', 'count', 'user-timeout'],
    applies: {},
    shipped: 'off',
    how: 'setsockopt through ffi-rs on the listening or the accepted socket, or setKeepAlive alone (--set-on); Node leaves keepalive off unless asked',
  },
  client: 'agent',
};
