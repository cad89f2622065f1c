import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { waitForLine } from '../../src/standalone/azurite.js';

describe("waiting for Azurite's start line", () => {
  it('finds the line split across chunks and of two streams, then stops reading but keeps them flowing', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const started = waitForLine([stdout, stderr], 'successfully started', 5_000);
    stderr.write('a warning\n');
    stdout.write('Azurite Table service successfu');
    stdout.write('lly started on 127.0.0.1:10002\n');
    await started;

    // Nothing of what Azurite writes from now on is kept or searched, and its pipe never fills up.
    expect([stdout.listenerCount('data'), stderr.listenerCount('data')]).toEqual([0, 0]);
    expect([stdout.readableFlowing, stderr.readableFlowing]).toEqual([true, true]);
    for (let i = 0; i < 1_000; i += 1) stdout.write('x'.repeat(1_024));
    await new Promise((resolve) => setImmediate(resolve));
    expect([stdout.readableLength, stdout.writableLength]).toEqual([0, 0]);
  });

  it('gives up after the timeout, quoting what Azurite said', async () => {
    const stdout = new PassThrough();
    const waiting = waitForLine([stdout], 'successfully started', 50);
    stdout.write('Error: listen EADDRINUSE\n');
    await expect(waiting).rejects.toThrow(/did not start within 50 ms: Error: listen EADDRINUSE/);
    expect(stdout.listenerCount('data')).toBe(0);
  });
});
