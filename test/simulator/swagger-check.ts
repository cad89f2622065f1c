import { readFileSync } from 'node:fs';

/**
 * Just enough of a Swagger 2.0 schema checker to hold simulator answers against the published
 * definitions: `$ref`, `type`, `enum`, `required`, `properties`, `items`, `pattern`, lengths and the
 * `uuid`/`date-time` formats. Stricter than Swagger in one way, on purpose: a property the schema does not
 * declare is reported, because the simulator must not invent fields.
 */

export interface SwaggerSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, SwaggerSchema>;
  items?: SwaggerSchema;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  format?: string;
}

export interface SwaggerOperation {
  operationId: string;
  parameters?: { $ref?: string; name?: string; in?: string }[];
  responses: Record<string, { schema?: SwaggerSchema; headers?: Record<string, unknown> }>;
  'x-ms-examples'?: Record<string, { $ref: string }>;
}

export interface SwaggerDocument {
  'x-ms-parameterized-host'?: { hostTemplate: string };
  paths: Record<string, Record<string, SwaggerOperation>>;
  /** Overloads of a path (`/documentModels/{modelId}:analyze?_overload=analyzeDocument`). */
  'x-ms-paths'?: Record<string, Record<string, SwaggerOperation>>;
  definitions: Record<string, SwaggerSchema>;
}

/** Every path with its operations, `x-ms-paths` included, each overload under its real path. */
function allPaths(document: SwaggerDocument): [string, Record<string, SwaggerOperation>][] {
  const overloads = Object.entries(document['x-ms-paths'] ?? {}).map(
    ([path, methods]): [string, Record<string, SwaggerOperation>] => [path.replace(/\?.*$/, ''), methods],
  );
  return [...Object.entries(document.paths), ...overloads];
}

export const FIXTURES = new URL('../fixtures/azure-specs/', import.meta.url);

export function readFixture<T>(relativePath: string): T {
  return JSON.parse(readFileSync(new URL(relativePath, FIXTURES), 'utf8')) as T;
}

export function readFixtureText(relativePath: string): string {
  return readFileSync(new URL(relativePath, FIXTURES), 'utf8');
}

export function resolve(schema: SwaggerSchema, document: SwaggerDocument): SwaggerSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace(/^#\/definitions\//, '');
  const target = document.definitions[name];
  if (!target) throw new Error(`Unresolved $ref ${schema.$ref}`);
  return resolve(target, document);
}

/** A named definition, e.g. `Status` or `jobStatus`. */
export function definition(document: SwaggerDocument, name: string): SwaggerSchema {
  return resolve({ $ref: `#/definitions/${name}` }, document);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Everything in `value` that breaks `schema`, as readable lines; empty when it conforms. */
export function schemaViolations(
  value: unknown,
  schema: SwaggerSchema,
  document: SwaggerDocument,
  path = '(body)',
): string[] {
  const resolved = resolve(schema, document);
  const problems: string[] = [];
  const type = resolved.type ?? (resolved.properties ? 'object' : undefined);
  if (type === 'object') {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return [`${path}: not an object`];
    const record = value as Record<string, unknown>;
    for (const name of resolved.required ?? []) {
      if (record[name] === undefined) problems.push(`${path}.${name}: required but missing`);
    }
    for (const [name, field] of Object.entries(record)) {
      const fieldSchema = resolved.properties?.[name];
      if (!fieldSchema) problems.push(`${path}.${name}: not declared by the schema`);
      else problems.push(...schemaViolations(field, fieldSchema, document, `${path}.${name}`));
    }
    return problems;
  }
  if (type === 'array') {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    return value.flatMap((item, index) =>
      resolved.items ? schemaViolations(item, resolved.items, document, `${path}[${index}]`) : [],
    );
  }
  if (type === 'string') {
    if (typeof value !== 'string') return [`${path}: not a string`];
    if (resolved.enum && !resolved.enum.includes(value))
      problems.push(`${path}: ${value} is not one of the enum`);
    if (resolved.pattern && !new RegExp(resolved.pattern).test(value))
      problems.push(`${path}: breaks the pattern`);
    if (resolved.minLength !== undefined && value.length < resolved.minLength)
      problems.push(`${path}: too short`);
    if (resolved.maxLength !== undefined && value.length > resolved.maxLength)
      problems.push(`${path}: too long`);
    if (resolved.format === 'uuid' && !UUID.test(value)) problems.push(`${path}: not a uuid`);
    if (resolved.format === 'date-time' && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) {
      problems.push(`${path}: not an ISO 8601 date-time`);
    }
    return problems;
  }
  if (type === 'integer' || type === 'number') {
    return typeof value === 'number' && (type === 'number' || Number.isInteger(value))
      ? []
      : [`${path}: not a ${type}`];
  }
  if (type === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: not a boolean`];
  return [];
}

/** The operation whose `x-ms-examples` names this example file, with its path template and method. */
export function operationOfExample(
  document: SwaggerDocument,
  exampleFile: string,
): { pathTemplate: string; method: string; operation: SwaggerOperation } {
  for (const [pathTemplate, methods] of allPaths(document)) {
    for (const [method, operation] of Object.entries(methods)) {
      const examples = Object.values(operation['x-ms-examples'] ?? {});
      if (examples.some((example) => example.$ref.endsWith(`/${exampleFile}`))) {
        return { pathTemplate, method: method.toUpperCase(), operation };
      }
    }
  }
  throw new Error(`No operation of the swagger references ${exampleFile}`);
}

export function operationById(
  document: SwaggerDocument,
  operationId: string,
): { pathTemplate: string; method: string; operation: SwaggerOperation } {
  for (const [pathTemplate, methods] of allPaths(document)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (operation.operationId === operationId)
        return { pathTemplate, method: method.toUpperCase(), operation };
    }
  }
  throw new Error(`No operation ${operationId} in the swagger`);
}

/** The path part of the host template, e.g. `/customvoice` from `{endpoint}/customvoice`. */
export function basePath(document: SwaggerDocument): string {
  return (document['x-ms-parameterized-host']?.hostTemplate ?? '').replace(/^\{[^}]+\}/, '');
}

/** `/endpoints/{id}:suspend` with `{id}` taken from the example's parameters. */
export function fillPath(pathTemplate: string, parameters: Record<string, unknown>): string {
  return pathTemplate.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = parameters[name];
    if (typeof value !== 'string') throw new Error(`The example has no parameter ${name}`);
    return encodeURIComponent(value);
  });
}

/** The field names of a JSON value, recursively through objects (`properties.kind`), sorted. */
export function fieldNames(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value)
    .flatMap(([name, field]) => [`${prefix}${name}`, ...fieldNames(field, `${prefix}${name}.`)])
    .sort();
}
