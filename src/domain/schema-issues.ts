import type { z } from 'zod';
import { OPERATION_ID_PATTERN, UUID_PATTERN } from '../shared/ids.js';
import { RequestRefusedError, type RefusalDetail } from './refusal.js';

/**
 * The one place where a schema failure becomes a refusal in the product's own words. zod's wording
 * ("Invalid input: expected string, received undefined", "received NaN") never reaches a caller: every
 * issue is worded here from its structured facts, naming the field by its path (`target.endpointId`).
 * A schema may word a rule itself in a message written to follow the field's name ("must be 1-100
 * letters, digits and dashes"); zod's own messages never start with "must", so they are never used.
 * Custom issues (refinements, transforms) carry our own message, and may carry their code in
 * `params.code` (e.g. `InvalidTimeZone`).
 */

/**
 * Parses `input` with `schema`, or throws the refusal. Always with `reportInput`, which is what tells a
 * missing field (`MissingField`) from one of the wrong type (`InvalidType`, e.g. `top=x`).
 */
export function parseOrRefuse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw refusalOfIssues(parsed.error);
  return parsed.data;
}

/**
 * A schema failure as a refusal with one detail per problem, each naming the field; the top-level code and
 * message are the first problem's, so callers can tell an unknown field from a missing one without
 * parsing text.
 */
export function refusalOfIssues(error: z.ZodError): RequestRefusedError {
  const details = error.issues.flatMap(detailsOf);
  const first = details[0];
  return new RequestRefusedError(
    'InvalidRequest',
    first?.code ?? 'InvalidValue',
    first?.message ?? 'The request is not valid.',
    first?.target,
    details,
  );
}

type Issue = z.core.$ZodIssue;

/** A schema's own wording of its rule, made to follow the field's name. */
const OWN_RULE = /^must /;

function detailsOf(issue: Issue): RefusalDetail[] {
  if (issue.code === 'unrecognized_keys') {
    // One detail per unknown key, each naming its own field.
    return issue.keys.map((key) => {
      const target = fieldName([...issue.path, key]);
      return { code: 'UnknownField', message: `'${target}' is not a field this request accepts.`, target };
    });
  }
  const target = fieldName(issue.path);
  const subject = target ? `'${target}'` : 'The request body';
  const message = OWN_RULE.test(issue.message)
    ? `${subject} ${sentence(issue.message)}`
    : issue.code === 'custom'
      ? `${subject}: ${sentence(issue.message)}`
      : `${subject} ${wording(issue)}`;
  return [{ code: codeOf(issue), message, ...(target ? { target } : {}) }];
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** A field that is absent, whatever it should have been (zod words a missing enum as a wrong value). */
function isMissing(issue: Issue): boolean {
  return issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value');
}

function codeOf(issue: Issue): string {
  const field = issue.path[issue.path.length - 1];
  if (isMissing(issue)) return 'MissingField';
  switch (issue.code) {
    case 'invalid_type':
      return 'InvalidType';
    case 'invalid_union':
    case 'invalid_value':
      if (field === 'action') return 'UnknownAction';
      if (field === 'kind') return 'UnknownTargetKind';
      return 'InvalidValue';
    case 'invalid_format':
      return issue.format === 'uuid' || issue.pattern === String(UUID_PATTERN)
        ? 'InvalidUuid'
        : 'InvalidFormat';
    case 'custom':
      return customCode(issue.params) ?? 'InvalidValue';
    default:
      return 'InvalidValue';
  }
}

function customCode(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null || !('code' in params)) return undefined;
  return typeof params.code === 'string' ? params.code : undefined;
}

/** What is wrong, after the field's name: "is required.", "must be a number.". */
function wording(issue: Issue): string {
  if (isMissing(issue)) return 'is required.';
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? 'of another type'}.`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${quote(issue.values[0])}.`
        : `must be one of ${issue.values.map(quote).join(', ')}.`;
    case 'invalid_union':
      if ('options' in issue && issue.options && issue.options.length > 0) {
        return `must be one of ${issue.options.map(quote).join(', ')}.`;
      }
      return 'is not in any of the forms this field accepts.';
    case 'invalid_format':
      return `must be ${formatWords(issue)}.`;
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}.`;
    case 'invalid_key':
    case 'invalid_element':
      return 'has an entry that is not valid.';
    case 'custom':
    case 'unrecognized_keys':
      return sentence(issue.message);
  }
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
  date: 'a date',
  bigint: 'a whole number',
};

function formatWords(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  if (issue.format === 'uuid' || issue.pattern === String(UUID_PATTERN)) {
    return 'a UUID (8-4-4-4-12 hexadecimal digits)';
  }
  if (issue.pattern === String(OPERATION_ID_PATTERN)) {
    return "3-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit";
  }
  switch (issue.format) {
    case 'url':
      return 'an absolute URL';
    case 'datetime':
      return 'an ISO 8601 date-time with Z or an offset (e.g. 2030-01-01T08:00:00Z)';
    case 'date':
      return 'a date YYYY-MM-DD';
    case 'email':
      return 'an email address';
    default:
      return 'in the form this field accepts';
  }
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const minimum = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return minimum <= 1 ? 'must not be empty.' : `must be at least ${minimum} characters long.`;
    case 'array':
    case 'set':
      return `must have at least ${minimum} ${minimum === 1 ? 'entry' : 'entries'}.`;
    default:
      return issue.inclusive === false ? `must be more than ${minimum}.` : `must be at least ${minimum}.`;
  }
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const maximum = Number(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return `must be at most ${maximum} characters long.`;
    case 'array':
    case 'set':
      return `must have at most ${maximum} ${maximum === 1 ? 'entry' : 'entries'}.`;
    default:
      return issue.inclusive === false ? `must be less than ${maximum}.` : `must be at most ${maximum}.`;
  }
}

function quote(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}
