// --server and the flags that go with it, refused before anything starts with one line that says why.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.ts';
import { SCENARIOS } from '../catalogue/index.ts';
import { serverFlagsText, serverFromFlags } from './server-flags.ts';

const scenario = (name: string) => SCENARIOS.get(name)!;
const pauseClient = [scenario('pause-client')];

describe('--server', () => {
  it('defaults to the agent, and reads a built-in profile', async () => {
    expect((await serverFromFlags({ capture: true }, pauseClient)).profile.agent).toBe(true);
    const redis = await serverFromFlags({ capture: true, server: 'redis', idle: '3' }, pauseClient);
    expect([redis.profile.name, serverFlagsText(redis)]).toEqual(['redis', ' --server redis']);
  });

  it.each([
    [{ server: 'redis', interval: '1' }, 'pause-client', 'redis does not take --interval: it takes only --idle (tcp-keepalive N sets'],
    [{ server: 'redis', setOn: 'accepted' }, 'pause-client', "--set-on chooses where the lab's agent sets keepalive; redis sets it itself"],
    [
      { server: 'postgres' },
      'busy-server',
      "busy-server runs only with the lab's agent as the server: its server keeps data in flight by writing every 200 ms",
    ],
    [{ server: 'postgres', capture: false }, 'pause-client', '--no-capture needs the agent as the server'],
    [{ server: 'postgres', serverDefaults: true, idle: '1' }, 'pause-client', '--server-defaults leaves keepalive as postgres ships it: drop --idle'],
    [{ server: 'postgres', watch: '10' }, 'pause-client', '--watch goes with --server-defaults'],
    [{ server: 'postgres', serverDefaults: true, watch: '1.5' }, 'pause-client', "--watch must be a whole number of seconds, at least 1 (got '1.5')"],
    [{ server: './nowhere.yaml' }, 'pause-client', '--server ./nowhere.yaml: no such file'],
  ])('refuses %o with %s', async (flags, name, message) => {
    const attempt = serverFromFlags({ capture: true, ...flags }, [scenario(name)]);
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(serverFromFlags({ capture: true, ...flags }, [scenario(name)])).rejects.toThrow(message);
  });

  it('writes the flags that reproduce a server as it ships', async () => {
    const shipped = await serverFromFlags({ capture: true, server: 'postgres', serverDefaults: true, watch: '10' }, pauseClient);
    expect([shipped.watchMs, serverFlagsText(shipped)]).toEqual([10_000, ' --server postgres --server-defaults --watch 10']);
  });
});
