import { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLineWriter } from '../../src/standalone/line-writer.js';

function collectingStream(): { stream: Writable; writes: string[] } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  });
  return { stream, writes };
}

describe('the standalone host log writer', () => {
  it('writes every line, in order, one write per event-loop turn', async () => {
    const { stream, writes } = collectingStream();
    const writer = createLineWriter(stream);
    for (let i = 1; i <= 100; i++) writer.write(`line ${i}`);
    expect(writes).toEqual([]);
    await nextTurn();
    writer.write('after');
    await nextTurn();
    expect(writes).toHaveLength(2);
    expect(writes.join('').split('\n')).toEqual([
      ...Array.from({ length: 100 }, (_, i) => `line ${i + 1}`),
      'after',
      '',
    ]);
  });

  it('writes what is queued at once on flush, and nothing twice', async () => {
    const { stream, writes } = collectingStream();
    const writer = createLineWriter(stream);
    writer.write('one');
    writer.flush();
    expect(writes).toEqual(['one\n']);
    await nextTurn();
    writer.flush();
    expect(writes).toEqual(['one\n']);
  });
});
