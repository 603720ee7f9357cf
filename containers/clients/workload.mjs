// The application's side of a lab run, shared by the built-in clients (and yours, if it is a Node program): a
// request every LAB_REQUEST_EVERY_MS, each reported as JSON lines on stdout, without waiting for the one before —
// as an application serving traffic does. The line format is docs/clients.md › The application's lines.

/** One line: the moment (ms since the epoch), what happened, and its fields. */
export function report(event, fields = {}) {
  process.stdout.write(`${JSON.stringify({ t: Date.now(), event, ...fields })}\n`);
}

/** An error as the library gave it: its code (or its class's name) and its message. */
export function errorFields(error) {
  return { code: String(error?.code ?? error?.name ?? 'Error'), message: String(error?.message ?? error) };
}

/** The server to speak to, from the lab's variables. */
export const server = { host: process.env.LAB_SERVER_HOST, port: Number(process.env.LAB_SERVER_PORT) };

/** Sends `request()` now and every LAB_REQUEST_EVERY_MS, reporting each as it is sent and as it ends. */
export function runRequests(request) {
  let id = 0;
  const one = async () => {
    id += 1;
    const mine = id;
    report('request', { id: mine });
    try {
      await request();
      report('answer', { id: mine });
    } catch (error) {
      report('failed', { id: mine, ...errorFields(error) });
    }
  };
  void one();
  setInterval(one, Number(process.env.LAB_REQUEST_EVERY_MS ?? 5000));
}

/** Where an optional numeric setting arrives, and whether it was given. */
export function numberFrom(name) {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : Number(value);
}
