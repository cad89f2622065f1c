import { describe, expect, it } from 'vitest';
import { insertSorted } from '../../src/bus/local/sorted-insert.js';

describe('insertSorted', () => {
  it('keeps any arrival order sorted, equal items in the order they came', () => {
    const byDue = (a: { due: number }, b: { due: number }) => a.due - b.due;
    const arrivals = [5, 1, 9, 5, 3, 9, 0, 7, 5, 2].map((due, arrived) => ({ due, arrived }));
    const sorted: typeof arrivals = [];
    for (const item of arrivals) insertSorted(sorted, item, byDue);
    expect(sorted.map((item) => item.due)).toEqual([0, 1, 2, 3, 5, 5, 5, 7, 9, 9]);
    const fives = sorted.filter((item) => item.due === 5).map((item) => item.arrived);
    expect(fives).toEqual([0, 3, 8]);
  });

  it('matches a full sort for many random insertions', () => {
    const numbers: number[] = [];
    const expected: number[] = [];
    let seed = 42;
    for (let i = 0; i < 2_000; i += 1) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const value = seed % 500;
      insertSorted(numbers, value, (a, b) => a - b);
      expected.push(value);
    }
    expect(numbers).toEqual(expected.sort((a, b) => a - b));
  });
});
