import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tokenize, type TemplatePart, type Token } from './ts-tokens.js';

/**
 * Finds the app settings the code reads, from the source text (nothing is imported or run):
 * - the readers of src/config/env.ts: `readString(env, X, ...)`, `readOptionalString`, `readRequiredString`,
 *   `readPositiveInt`, `readJson`;
 * - `env.X`, `env?.X`, `env['X']`, `process.env.X`, `process.env['X']`;
 * - function definitions' setting fields (`scheduleSetting: 'X'`, `queueSetting`, `topicSetting`, ...)
 *   and trigger `connection: X`;
 * where X is a string literal, a template literal, a constant (`const SETTING = 'X'`), a member of a
 * constant object (`CHATOPS_SETTINGS.webhookSecret`) or a parameter default (`prefix = SOME_CONSTANT`).
 * Names built on a connection prefix the scanner cannot resolve (`${prefix}__fullyQualifiedNamespace`)
 * are expanded with every string constant named like `*_CONNECTION` or `*_CONNECTION_PREFIX`.
 */
export interface SettingRead {
  /** The setting name, e.g. `COMMANDS_QUEUE` or `ServiceBusConnection__fullyQualifiedNamespace`. */
  name: string;
  file: string;
  line: number;
}

/** A name the scanner could only partly resolve, e.g. `AI_KEY_${...}`; `fragments` are its literal parts. */
export interface DynamicSettingRead {
  fragments: string[];
  file: string;
  line: number;
}

export interface SettingScan {
  reads: SettingRead[];
  dynamic: DynamicSettingRead[];
}

const READERS = new Set([
  'readString',
  'readOptionalString',
  'readRequiredString',
  'readPositiveInt',
  'readJson',
]);
const SETTING_FIELD = /Setting$/;
/** Constants naming a trigger connection (`SERVICE_BUS_CONNECTION`, `DEFAULT_SERVICE_BUS_CONNECTION_PREFIX`). */
const CONNECTION_PREFIX_CONSTANT = /CONNECTION(_PREFIX)?$/;

type Resolved = { values: string[] } | { parts: (string | undefined)[] };

interface SourceFile {
  path: string;
  tokens: Token[];
}

/** Every `.ts` file under `dir`, except the folders named in `exclude` (paths relative to `root`). */
export function listSourceFiles(root: string, dir: string, exclude: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      const rel = relative(root, path).split('\\').join('/');
      if (exclude.some((prefix) => rel === prefix || rel.startsWith(`${prefix}/`))) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.endsWith('.d.ts'))
        files.push(rel);
    }
  };
  walk(join(root, dir));
  return files.sort();
}

export function scanSettingReads(root: string, files: readonly string[]): SettingScan {
  const sources: SourceFile[] = files.map((path) => ({
    path,
    tokens: tokenize(readFileSync(join(root, path), 'utf8')),
  }));
  const constants = collectConstants(sources);
  const connectionPrefixes = [...constants.global.entries()]
    .filter(([name]) => CONNECTION_PREFIX_CONSTANT.test(name))
    .flatMap(([, values]) => values.filter((value) => /^[A-Za-z][A-Za-z0-9_]*$/.test(value)));

  const reads: SettingRead[] = [];
  const dynamic: DynamicSettingRead[] = [];
  const record = (resolved: Resolved | undefined, file: string, line: number): void => {
    if (!resolved) return;
    if ('values' in resolved) {
      for (const name of resolved.values) reads.push({ name, file, line });
      return;
    }
    const [first, ...rest] = resolved.parts;
    const tail = rest.join('');
    // `${prefix}__suffix` with an unresolved prefix: a connection setting's identity-based form.
    if (first === undefined && rest.every((part) => part !== undefined) && tail.startsWith('__')) {
      for (const prefix of connectionPrefixes) reads.push({ name: `${prefix}${tail}`, file, line });
      if (connectionPrefixes.length > 0) return;
    }
    dynamic.push({ fragments: resolved.parts.filter((part): part is string => !!part), file, line });
  };

  for (const source of sources) {
    const local = constants.byFile.get(source.path) ?? new Map<string, string[]>();
    const resolve = (expression: Token[]): Resolved | undefined =>
      resolveExpression(expression, local, constants.global);
    visit(source.tokens, (tokens, i) => {
      const token = tokens[i]!;
      const next = tokens[i + 1];
      // readX(env, <name>, ...)
      if (token.kind === 'identifier' && READERS.has(token.value) && isPunct(next, '(')) {
        const args = splitArguments(tokens, i + 1);
        const nameArg = args[1];
        if (nameArg) record(resolve(nameArg), source.path, nameArg[0]?.line ?? token.line);
        return;
      }
      // env.X / env?.X / env['X'] (also process.env...)
      if (token.kind === 'identifier' && token.value === 'env' && !isMemberOfNonProcess(tokens, i)) {
        if ((isPunct(next, '.') || isPunct(next, '?.')) && tokens[i + 2]?.kind === 'identifier') {
          const name = tokens[i + 2] as { value: string; line: number };
          if (name.value !== 'env') record({ values: [name.value] }, source.path, name.line);
          return;
        }
        const bracket = isPunct(next, '[')
          ? i + 1
          : isPunct(next, '?.') && isPunct(tokens[i + 2], '[')
            ? i + 2
            : -1;
        if (bracket !== -1) {
          const inner = bracketContents(tokens, bracket);
          record(resolve(inner), source.path, token.line);
        }
        return;
      }
      // fooSetting: 'X'  /  connection: X
      if (
        token.kind === 'identifier' &&
        (SETTING_FIELD.test(token.value) || token.value === 'connection') &&
        isPunct(next, ':') &&
        !isPunct(tokens[i - 1], '.')
      ) {
        const value = expressionUntilDelimiter(tokens, i + 2);
        const resolved = resolve(value);
        // Type annotations (`queueSetting: string`) resolve to nothing and are skipped.
        if (resolved && ('values' in resolved ? resolved.values.length > 0 : true)) {
          record(resolved, source.path, token.line);
        }
      }
    });
  }
  return { reads, dynamic };
}

/** Walks every token, including those inside template literal expressions. */
function visit(tokens: Token[], visitor: (tokens: Token[], index: number) => void): void {
  tokens.forEach((token, index) => {
    visitor(tokens, index);
    if (token.kind === 'template') {
      for (const part of token.parts) if ('expression' in part) visit(part.expression, visitor);
    }
  });
}

function isPunct(token: Token | undefined, value: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.value === value;
}

/** `options.env` is some object's field; `process.env` and a bare `env` are the environment. */
function isMemberOfNonProcess(tokens: Token[], index: number): boolean {
  const before = tokens[index - 1];
  if (!isPunct(before, '.') && !isPunct(before, '?.')) return false;
  const owner = tokens[index - 2];
  return !(owner?.kind === 'identifier' && owner.value === 'process');
}

/** The argument token lists of the call whose `(` is at `open`. */
function splitArguments(tokens: Token[], open: number): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct' && ['(', '[', '{'].includes(token.value)) depth++;
    if (token.kind === 'punct' && [')', ']', '}'].includes(token.value)) {
      if (depth === 0) break;
      depth--;
    }
    if (depth === 0 && isPunct(token, ',')) args.push([]);
    else args.at(-1)!.push(token);
  }
  return args;
}

function bracketContents(tokens: Token[], open: number): Token[] {
  const inner: Token[] = [];
  let depth = 0;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isPunct(token, '[')) depth++;
    if (isPunct(token, ']')) {
      if (depth === 0) break;
      depth--;
    }
    inner.push(token);
  }
  return inner;
}

/** Tokens from `start` up to a `,`, `;`, `}` or `)` at depth 0 (the value of an object property). */
function expressionUntilDelimiter(tokens: Token[], start: number): Token[] {
  const value: Token[] = [];
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'punct' && ['(', '[', '{'].includes(token.value)) depth++;
    if (token.kind === 'punct' && [')', ']', '}'].includes(token.value)) {
      if (depth === 0) break;
      depth--;
    }
    if (depth === 0 && (isPunct(token, ',') || isPunct(token, ';'))) break;
    value.push(token);
  }
  return value;
}

interface Constants {
  byFile: Map<string, Map<string, string[]>>;
  global: Map<string, string[]>;
}

/**
 * String constants: `const X = 'v'`, `const X = { key: 'v', ... }` (as `X.key`), and parameter defaults
 * `name: string = 'v'` / `name = SOME_CONSTANT` (file-local).
 */
function collectConstants(sources: SourceFile[]): Constants {
  const byFile = new Map<string, Map<string, string[]>>();
  const global = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, name: string, value: string): void => {
    const values = map.get(name) ?? [];
    if (!values.includes(value)) values.push(value);
    map.set(name, values);
  };
  const aliases: { file: string; name: string; target: string }[] = [];
  for (const source of sources) {
    const local = new Map<string, string[]>();
    byFile.set(source.path, local);
    const tokens = source.tokens;
    tokens.forEach((token, i) => {
      if (token.kind !== 'identifier') return;
      const name = token.value;
      // const NAME = 'value' | const NAME = { key: 'value' }
      if (
        tokens[i - 1]?.kind === 'identifier' &&
        ['const', 'let'].includes((tokens[i - 1] as { value: string }).value)
      ) {
        const eq = isPunct(tokens[i + 1], '=') ? i + 1 : -1;
        if (eq === -1) return;
        const value = tokens[eq + 1];
        if (value?.kind === 'string') {
          add(local, name, value.value);
          add(global, name, value.value);
        } else if (isPunct(value, '{')) {
          for (const [key, literal] of objectStringMembers(tokens, eq + 1)) {
            add(local, `${name}.${key}`, literal);
            add(global, `${name}.${key}`, literal);
          }
        }
        return;
      }
      // parameter default: name: string = X  |  name = X inside a parameter list
      if (
        isPunct(tokens[i + 1], ':') &&
        tokens[i + 2]?.kind === 'identifier' &&
        isPunct(tokens[i + 3], '=')
      ) {
        const value = tokens[i + 4];
        if (value?.kind === 'string') add(local, name, value.value);
        else if (value?.kind === 'identifier') aliases.push({ file: source.path, name, target: value.value });
      }
    });
  }
  for (const alias of aliases) {
    const local = byFile.get(alias.file)!;
    for (const value of local.get(alias.target) ?? global.get(alias.target) ?? [])
      add(local, alias.name, value);
  }
  return { byFile, global };
}

/** `{ key: 'v', other: 'w' }` starting at the `{` at `open`: the string-valued members. */
function objectStringMembers(tokens: Token[], open: number): [string, string][] {
  const members: [string, string][] = [];
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isPunct(token, '{')) depth++;
    if (isPunct(token, '}')) {
      depth--;
      if (depth === 0) break;
    }
    const value = tokens[i + 2];
    if (
      depth === 1 &&
      (token.kind === 'identifier' || token.kind === 'string') &&
      isPunct(tokens[i + 1], ':') &&
      value?.kind === 'string' &&
      (isPunct(tokens[i + 3], ',') || isPunct(tokens[i + 3], '}'))
    ) {
      members.push([token.value, value.value]);
    }
  }
  return members;
}

/** A string, a template literal, a constant, or `OBJECT.member`; anything else is not a setting name. */
function resolveExpression(
  expression: Token[],
  local: Map<string, string[]>,
  global: Map<string, string[]>,
): Resolved | undefined {
  const tokens = stripAsConst(expression);
  const [first] = tokens;
  if (!first) return undefined;
  const lookup = (name: string): string[] | undefined => local.get(name) ?? global.get(name);
  if (tokens.length === 1 && first.kind === 'string') return { values: [first.value] };
  if (tokens.length === 1 && first.kind === 'template') return resolveTemplate(first.parts, lookup);
  const path = identifierPath(tokens);
  if (path) {
    const values = lookup(path);
    return values ? { values } : undefined;
  }
  return undefined;
}

function resolveTemplate(parts: TemplatePart[], lookup: (name: string) => string[] | undefined): Resolved {
  const resolved: (string | undefined)[] = parts.map((part) => {
    if ('text' in part) return part.text;
    const path = identifierPath(part.expression);
    const values = path ? lookup(path) : undefined;
    return values?.length === 1 ? values[0] : undefined;
  });
  return resolved.every((part) => part !== undefined) ? { values: [resolved.join('')] } : { parts: resolved };
}

/** `A` or `A.b` (as a dotted path), else undefined. */
function identifierPath(tokens: Token[]): string | undefined {
  if (tokens.length === 1 && tokens[0]!.kind === 'identifier') return tokens[0]!.value;
  if (
    tokens.length === 3 &&
    tokens[0]!.kind === 'identifier' &&
    isPunct(tokens[1], '.') &&
    tokens[2]!.kind === 'identifier'
  ) {
    return `${tokens[0]!.value}.${tokens[2]!.value}`;
  }
  return undefined;
}

function stripAsConst(tokens: Token[]): Token[] {
  const last = tokens.at(-1);
  const beforeLast = tokens.at(-2);
  if (
    last?.kind === 'identifier' &&
    last.value === 'const' &&
    beforeLast?.kind === 'identifier' &&
    beforeLast.value === 'as'
  ) {
    return tokens.slice(0, -2);
  }
  return tokens;
}
