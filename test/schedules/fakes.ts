import type { OperationResource } from '../../src/domain/operation.js';
import type { SubmitCommand, SubmitCommandInput } from '../../src/pipeline/ports.js';
import type { Clock } from '../../src/shared/clock.js';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(instant: string | Date): void {
    this.current = new Date(instant);
  }
}

/**
 * Stands in for the pipeline's `SubmitCommand` with its contract: a command id is accepted once, the same id
 * again returns the existing operation with `created: false`. `enqueued` is what would be on the queue.
 */
export class RecordingSubmit {
  readonly enqueued: SubmitCommandInput[] = [];
  /** Every call, including repeats of a known id. */
  readonly calls: SubmitCommandInput[] = [];
  private readonly operations = new Map<string, OperationResource>();

  constructor(private readonly clock: Clock) {}

  readonly submit: SubmitCommand = (input) => {
    this.calls.push(input);
    const id = input.id ?? `generated-${this.calls.length}`;
    const known = this.operations.get(id);
    if (known) return Promise.resolve({ operation: known, created: false });
    const now = this.clock.now().toISOString();
    const operation: OperationResource = {
      id,
      status: 'NotStarted',
      action: input.action,
      target: input.target,
      createdDateTime: now,
      lastActionDateTime: now,
    };
    this.operations.set(id, operation);
    this.enqueued.push(input);
    return Promise.resolve({ operation, created: true });
  };

  clear(): void {
    this.enqueued.length = 0;
    this.calls.length = 0;
  }
}

export const silentLog = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** A log that keeps its lines, for asserting what operators would read. */
export function capturingLog() {
  const lines: string[] = [];
  const keep = (...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  };
  return { lines, log: keep, warn: keep, error: keep };
}
