/**
 * A small TypeScript tokenizer, enough to find setting names in source without being fooled by layout:
 * comments are dropped, strings keep their value (template literals keep their parts), regex literals
 * are skipped, and every token knows its line. Prettier may break a call over several lines; a token
 * stream does not care.
 */
export type Token =
  | { kind: 'identifier'; value: string; line: number }
  | { kind: 'punct'; value: string; line: number }
  | { kind: 'string'; value: string; line: number }
  | { kind: 'template'; parts: TemplatePart[]; line: number }
  | { kind: 'other'; value: string; line: number };

/** A template literal: text fragments and the tokens of each `${...}` expression, in order. */
export type TemplatePart = { text: string } | { expression: Token[] };

const PUNCTUATORS = ['?.', '...', '=>', '??', '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '='];

/** After these a `/` starts a regex literal rather than a division. */
const REGEX_AFTER = new Set([
  '(',
  ',',
  '=',
  ':',
  '[',
  '!',
  '&',
  '|',
  '?',
  '{',
  '}',
  ';',
  '=>',
  '??',
  'return',
  'typeof',
]);

export function tokenize(source: string): Token[] {
  const state = { source, index: 0, line: 1 };
  return readTokens(state, undefined);
}

interface LexState {
  source: string;
  index: number;
  line: number;
}

/** Reads tokens until the end, or until the `}` that closes a template expression when `closeOnBrace`. */
function readTokens(state: LexState, closeOnBrace: { depth: number } | undefined): Token[] {
  const tokens: Token[] = [];
  const { source } = state;
  while (state.index < source.length) {
    const char = source[state.index]!;
    const next = source[state.index + 1];
    if (char === '\n') {
      state.line++;
      state.index++;
    } else if (/\s/.test(char)) {
      state.index++;
    } else if (char === '/' && next === '/') {
      while (state.index < source.length && source[state.index] !== '\n') state.index++;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', state.index + 2);
      const stop = end === -1 ? source.length : end + 2;
      state.line += countNewlines(source.slice(state.index, stop));
      state.index = stop;
    } else if (char === "'" || char === '"') {
      const line = state.line;
      tokens.push({ kind: 'string', value: readQuoted(state, char), line });
    } else if (char === '`') {
      const line = state.line;
      tokens.push({ kind: 'template', parts: readTemplate(state), line });
    } else if (char === '/' && startsRegex(tokens.at(-1))) {
      skipRegex(state);
      tokens.push({ kind: 'other', value: '/regex/', line: state.line });
    } else if (/[A-Za-z_$]/.test(char)) {
      const match = /^[A-Za-z0-9_$]+/.exec(source.slice(state.index, state.index + 200))!;
      tokens.push({ kind: 'identifier', value: match[0], line: state.line });
      state.index += match[0].length;
    } else if (/[0-9]/.test(char)) {
      const match = /^[0-9][0-9_.a-zA-Z]*/.exec(source.slice(state.index, state.index + 100))!;
      tokens.push({ kind: 'other', value: match[0], line: state.line });
      state.index += match[0].length;
    } else {
      if (closeOnBrace) {
        if (char === '{') closeOnBrace.depth++;
        if (char === '}') {
          if (closeOnBrace.depth === 0) {
            state.index++;
            return tokens;
          }
          closeOnBrace.depth--;
        }
      }
      const punct = PUNCTUATORS.find((p) => source.startsWith(p, state.index));
      const value = punct ?? char;
      tokens.push({ kind: punct ? 'punct' : 'other', value, line: state.line });
      state.index += value.length;
    }
  }
  return tokens;
}

function readQuoted(state: LexState, quote: string): string {
  const { source } = state;
  let value = '';
  state.index++;
  while (state.index < source.length && source[state.index] !== quote) {
    if (source[state.index] === '\\') {
      value += source[state.index + 1] ?? '';
      state.index += 2;
    } else {
      if (source[state.index] === '\n') state.line++;
      value += source[state.index];
      state.index++;
    }
  }
  state.index++;
  return value;
}

function readTemplate(state: LexState): TemplatePart[] {
  const { source } = state;
  const parts: TemplatePart[] = [];
  let text = '';
  state.index++;
  while (state.index < source.length && source[state.index] !== '`') {
    const char = source[state.index]!;
    if (char === '\\') {
      text += source[state.index + 1] ?? '';
      state.index += 2;
    } else if (char === '$' && source[state.index + 1] === '{') {
      if (text) parts.push({ text });
      text = '';
      state.index += 2;
      parts.push({ expression: readTokens(state, { depth: 0 }) });
    } else {
      if (char === '\n') state.line++;
      text += char;
      state.index++;
    }
  }
  if (text) parts.push({ text });
  state.index++;
  return parts;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'identifier') return REGEX_AFTER.has(previous.value);
  if (previous.kind === 'punct' || previous.kind === 'other') return REGEX_AFTER.has(previous.value);
  return false;
}

function skipRegex(state: LexState): void {
  const { source } = state;
  let inClass = false;
  state.index++;
  while (state.index < source.length) {
    const char = source[state.index]!;
    if (char === '\\') {
      state.index += 2;
      continue;
    }
    if (char === '\n') break;
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      state.index++;
      break;
    }
    state.index++;
  }
  while (state.index < source.length && /[a-z]/.test(source[state.index]!)) state.index++;
}

function countNewlines(text: string): number {
  return text.split('\n').length - 1;
}
