/**
 * Just enough Bicep reading for the consistency test: declarations (`var`, `param`, `resource`,
 * `module`) with their bodies, and object/array literals parsed into values. Anything that is not a
 * literal (a function call, a reference, an interpolated string) is kept as `{ expression: text }`.
 */
export type BicepValue =
  string | number | boolean | null | BicepValue[] | { [key: string]: BicepValue } | BicepExpression;

export interface BicepExpression {
  expression: string;
}

export interface BicepDeclaration {
  keyword: 'var' | 'param' | 'resource' | 'module' | 'output';
  name: string;
  /** For `resource`: the type without the API version; for `module`: the path. */
  type?: string;
  apiVersion?: string;
  existing: boolean;
  /** The text after `=` (for a loop, the whole `[for ...: {...}]`). */
  body: string;
  line: number;
}

export function isExpression(value: BicepValue | undefined): value is BicepExpression {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'expression' in value;
}

export function isObject(value: BicepValue | undefined): value is { [key: string]: BicepValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('expression' in value);
}

/** Blanks out `//` and `/* *\/` comments, keeping strings and line breaks. */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith("'''", i)) {
      const end = text.indexOf("'''", i + 3);
      const stop = end === -1 ? text.length : end + 3;
      out += text.slice(i, stop);
      i = stop;
    } else if (text[i] === "'") {
      const stop = endOfString(text, i);
      out += text.slice(i, stop);
      i = stop;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** Index just past a `'''` or `'` string starting at `i`, or undefined when none starts there. */
function endOfStringAt(text: string, i: number): number | undefined {
  if (text.startsWith("'''", i)) {
    const end = text.indexOf("'''", i + 3);
    return end === -1 ? text.length : end + 3;
  }
  return text[i] === "'" ? endOfString(text, i) : undefined;
}

/** Index just past the single-quoted string starting at `start`. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length && text[i] !== "'") i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past the bracketed/expression value starting at `start`, ending at a newline at depth 0. */
function endOfValue(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const char = text[i]!;
    const afterString = endOfStringAt(text, i);
    if (afterString !== undefined) {
      i = afterString;
      continue;
    }
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) {
      if (depth === 0) return i;
      depth--;
      if (depth === 0 && isBlockStart(text, start)) return i + 1;
    }
    if (char === '\n' && depth === 0) return i;
    i++;
  }
  return i;
}

/** True when the value starting at `start` is a bare `{...}` or `[...]` literal (it ends at its close). */
function isBlockStart(text: string, start: number): boolean {
  return text[start] === '{' || text[start] === '[';
}

const DECLARATION =
  /^(var|param|resource|module|output)[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:'([^'@]+)(?:@([^']+))?'[ \t]*)?(existing[ \t]*)?(?:[A-Za-z0-9_[\]?.]+[ \t]*)?=[ \t]*/gm;

/** The file's top-level declarations, comments removed. Decorators and `type`/`func` are ignored. */
export function declarations(source: string): BicepDeclaration[] {
  const text = stripComments(source);
  const found: BicepDeclaration[] = [];
  for (const match of text.matchAll(DECLARATION)) {
    const start = match.index + match[0].length;
    let bodyStart = start;
    // `= if (cond) {` / `= [for ...]`: keep the whole thing as the body.
    const end = endOfDeclaration(text, bodyStart);
    if (text.startsWith('if', bodyStart)) bodyStart = start;
    found.push({
      keyword: match[1] as BicepDeclaration['keyword'],
      name: match[2]!,
      ...(match[3] ? { type: match[3] } : {}),
      ...(match[4] ? { apiVersion: match[4] } : {}),
      existing: !!match[5],
      body: text.slice(bodyStart, end).trim(),
      line: text.slice(0, match.index).split('\n').length,
    });
  }
  return found;
}

/** A declaration body runs to the newline after its brackets close. */
function endOfDeclaration(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const char = text[i]!;
    const afterString = endOfStringAt(text, i);
    if (afterString !== undefined) {
      i = afterString;
      continue;
    }
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) depth--;
    if (char === '\n' && depth <= 0) return i;
    i++;
  }
  return i;
}

/** Parses a literal value (object, array, string, number, bool); other text becomes an expression. */
export function parseValue(source: string): BicepValue {
  const text = source.trim();
  const parser = { text, index: 0 };
  const value = readValue(parser);
  skipSpace(parser);
  return parser.index < text.length ? { expression: text } : value;
}

interface Parser {
  text: string;
  index: number;
}

function skipSpace(parser: Parser, newlines = true): void {
  const pattern = newlines ? /[\s,]/ : /[ \t]/;
  while (parser.index < parser.text.length && pattern.test(parser.text[parser.index]!)) parser.index++;
}

function readValue(parser: Parser): BicepValue {
  skipSpace(parser);
  const { text } = parser;
  const char = text[parser.index];
  if (char === '{') return readObject(parser);
  if (char === '[' && !/^\[\s*for\b/.test(text.slice(parser.index))) return readArray(parser);
  if (char === "'" && !text.startsWith("'''", parser.index)) {
    const end = endOfString(text, parser.index);
    const raw = text.slice(parser.index + 1, end - 1);
    // A literal is complete only when nothing but a separator follows it.
    const rest = text.slice(end).match(/^[ \t]*/)?.[0].length ?? 0;
    const after = text[end + rest];
    if (
      after === undefined ||
      after === '\n' ||
      after === '\r' ||
      after === ',' ||
      after === '}' ||
      after === ']'
    ) {
      parser.index = end;
      return raw.includes('${') ? { expression: `'${raw}'` } : raw.replace(/\\(.)/g, '$1');
    }
  }
  const start = parser.index;
  const end = endOfValue(text, start);
  parser.index = end;
  const raw = text.slice(start, end).trim();
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  return { expression: raw };
}

function readObject(parser: Parser): { [key: string]: BicepValue } {
  const result: { [key: string]: BicepValue } = {};
  parser.index++;
  for (;;) {
    skipSpace(parser);
    const { text } = parser;
    if (parser.index >= text.length) return result;
    if (text[parser.index] === '}') {
      parser.index++;
      return result;
    }
    const keyMatch = /^('(?:[^'\\]|\\.)*'|[A-Za-z_$][A-Za-z0-9_$]*)\s*:/.exec(text.slice(parser.index));
    if (!keyMatch) {
      // Not a plain `key: value` line (e.g. a spread); skip to the next line.
      const next = text.indexOf('\n', parser.index);
      parser.index = next === -1 ? text.length : next + 1;
      continue;
    }
    const key = keyMatch[1]!.startsWith("'") ? keyMatch[1]!.slice(1, -1) : keyMatch[1]!;
    parser.index += keyMatch[0].length;
    skipSpace(parser, false);
    result[key] = readValue(parser);
  }
}

function readArray(parser: Parser): BicepValue[] {
  const result: BicepValue[] = [];
  parser.index++;
  for (;;) {
    skipSpace(parser);
    if (parser.index >= parser.text.length) return result;
    if (parser.text[parser.index] === ']') {
      parser.index++;
      return result;
    }
    result.push(readValue(parser));
  }
}

/** The declaration named `name` of the given keyword, or a test-friendly error. */
export function declaration(
  all: readonly BicepDeclaration[],
  keyword: BicepDeclaration['keyword'],
  name: string,
  file: string,
): BicepDeclaration {
  const found = all.find((d) => d.keyword === keyword && d.name === name);
  if (!found) throw new Error(`${file}: no \`${keyword} ${name}\` declaration.`);
  return found;
}

/** The object literal after `{` in a resource/module body (skipping `[for ...:` and `if (...)`). */
export function bodyObject(body: string): { [key: string]: BicepValue } {
  const open = body.indexOf('{');
  if (open === -1) return {};
  const value = parseValue(body.slice(open, matchingClose(body, open) + 1));
  return isObject(value) ? value : {};
}

function matchingClose(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const char = text[i]!;
    if (char === "'") {
      i = endOfString(text, i);
      continue;
    }
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return text.length - 1;
}
