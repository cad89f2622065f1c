import type { Operation } from './resources.js';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * The progress line while waiting, on stderr so stdout stays the result. On a terminal one line is
 * rewritten in place; in a log, a line is written only when the status changes.
 */
export function progressLine(stream: ProgressStream) {
  let last = '';
  let open = false;
  return {
    update(operation: Operation, elapsedInMs: number): void {
      const service = operation.upstream?.status ? ` (service: ${operation.upstream.status})` : '';
      const state = `${operation.status}${service}`;
      const line = `Waiting for operation ${operation.id}: ${state}, ${Math.round(elapsedInMs / 1000)} s`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${line}`);
        open = true;
      } else if (state !== last) {
        stream.write(`${line}\n`);
      }
      last = state;
    },
    end(): void {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
