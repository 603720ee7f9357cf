// Waiting for a line of a container's log: a program's way of saying it is ready.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Resolves when a line of `stream` holds `text`; rejects when the stream ends first (the program exited) or after `timeoutMs`. Closes the stream either way. */
export function lineSeen(stream: NodeJS.ReadableStream, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream as Readable });
    const done = (error?: Error) => {
      clearTimeout(timer);
      lines.removeAllListeners();
      lines.close();
      (stream as Readable).destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => done(new Error(`no line holding '${text}' within ${timeoutMs / 1000} s`)), timeoutMs);
    lines.on('line', (line) => {
      if (line.includes(text)) done();
    });
    lines.on('close', () => done(new Error(`it exited before a line holding '${text}'`)));
  });
}
