import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { RequestRefusedError } from '../../src/domain/refusal.js';
import { parseOrRefuse } from '../../src/domain/schema-issues.js';

const VALIDATOR_WORDING =
  /Invalid (input|option|string|enum)|received|Expected|Unrecognized key|Too (small|big)|NaN/;

const schema = z.strictObject({
  hold: z.enum(['running', 'suspended']),
  top: z.coerce.number().int().min(1),
  name: z.string().min(1).max(5),
  items: z.array(z.string()).min(2),
});

function refusalOf(input: unknown): RequestRefusedError {
  try {
    parseOrRefuse(schema, input);
  } catch (error) {
    if (error instanceof RequestRefusedError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('schema refusals in the product’s own words', () => {
  it.each([
    [
      'a missing enum',
      { top: 1, name: 'a', items: ['a', 'b'] },
      'MissingField',
      'hold',
      "'hold' is required.",
    ],
    [
      'a number that is not one',
      { hold: 'running', top: 'x', name: 'a', items: ['a', 'b'] },
      'InvalidType',
      'top',
      "'top' must be a number.",
    ],
    [
      'a word not in the list',
      { hold: 'paused', top: 1, name: 'a', items: ['a', 'b'] },
      'InvalidValue',
      'hold',
      "'hold' must be one of 'running', 'suspended'.",
    ],
    [
      'a string too long',
      { hold: 'running', top: 1, name: 'abcdef', items: ['a', 'b'] },
      'InvalidValue',
      'name',
      "'name' must be at most 5 characters long.",
    ],
    [
      'too few items',
      { hold: 'running', top: 1, name: 'a', items: ['a'] },
      'InvalidValue',
      'items',
      "'items' must have at least 2 entries.",
    ],
    [
      'an unknown field',
      { hold: 'running', top: 1, name: 'a', items: ['a', 'b'], colour: 1 },
      'UnknownField',
      'colour',
      "'colour' is not a field this request accepts.",
    ],
  ])('%s', (_name, input, code, target, message) => {
    const refusal = refusalOf(input);
    expect({ code: refusal.code, target: refusal.target, message: refusal.message }).toEqual({
      code,
      target,
      message,
    });
    expect(refusal.message).not.toMatch(VALIDATOR_WORDING);
  });

  it('gives one detail per problem, each naming its field', () => {
    const refusal = refusalOf({ top: 0, name: '' });
    expect(refusal.details?.map((detail) => detail.target).sort()).toEqual(['hold', 'items', 'name', 'top']);
    for (const detail of refusal.details ?? []) expect(detail.message).not.toMatch(VALIDATOR_WORDING);
  });
});
