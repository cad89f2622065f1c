/**
 * The shell examples of a Markdown document, as the docs test runs them. Pure: text in, blocks out.
 *
 * Conventions (README, "Tests and benchmarks": the docs' examples):
 * - every fenced block whose info string starts with `sh`, `bash` or `shell` is an example;
 * - HTML comments right before a block (blank lines allowed) steer the runner, invisible when rendered:
 *   `<!-- example: not-run (why) -->` skips it (the reason is required), and
 *   `<!-- example: capture NAME /REGEX/ -->` takes the first group of the last match of REGEX in the
 *   block's output as the value of the placeholder `<NAME>` in later blocks of the same document;
 * - a block made only of `[NAME=value ...] npm start` lines starts the host the later blocks of the
 *   document run against, with those settings.
 */

export const SHELL_LANGUAGES = ['sh', 'bash', 'shell'] as const;

export interface Capture {
  name: string;
  pattern: RegExp;
}

export interface ShellExample {
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** Why the block is not run, when it is marked so. */
  notRun?: string;
  captures: Capture[];
  /** A `NAME=value npm start` block: the later blocks of its document run on a host with those settings. */
  startsHost: boolean;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const DIRECTIVE = /^\s*<!--\s*example:\s*(.*?)\s*-->\s*$/;
const NOT_RUN = /^not-run\s*\((.+)\)$/;
const CAPTURE = /^capture\s+([a-z][a-z0-9-]*)\s+\/(.+)\/([a-z]*)$/;

/** A placeholder in a runnable block: `<operation-id>` (lower case, digits and hyphens). */
export const PLACEHOLDER = /<([a-z][a-z0-9-]*)>/g;

/** `A=1 B='x y' npm start` (one per line, comments and blank lines aside). */
const HOST_LINE = /^(?:[A-Z_][A-Z0-9_]*=(?:'[^']*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)\s+)*npm start\s*$/;

export function shellExamples(markdown: string): ShellExample[] {
  const lines = markdown.split('\n');
  const examples: ShellExample[] = [];
  let pending: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const directive = DIRECTIVE.exec(line);
    if (directive) {
      pending.push(directive[1] ?? '');
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (line.trim() !== '') pending = [];
      continue;
    }
    const [, indent = '', marker = '```', info = ''] = fence;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      const inner = lines[i] ?? '';
      if (inner.trim().startsWith(marker) && inner.trim().replace(/[`~]/g, '') === '') break;
      body.push(inner.startsWith(indent) ? inner.slice(indent.length) : inner.trimStart());
    }
    const directives = pending;
    pending = [];
    if (!(SHELL_LANGUAGES as readonly string[]).includes(info.toLowerCase())) continue;
    examples.push(exampleOf(start + 1, body.join('\n'), directives));
  }
  return examples;
}

function exampleOf(line: number, code: string, directives: string[]): ShellExample {
  const example: ShellExample = { line, code, captures: [], startsHost: false };
  for (const directive of directives) {
    const notRun = NOT_RUN.exec(directive);
    const capture = CAPTURE.exec(directive);
    if (notRun) example.notRun = notRun[1];
    else if (capture) {
      example.captures.push({ name: capture[1] ?? '', pattern: new RegExp(capture[2] ?? '', capture[3]) });
    } else throw new Error(`line ${line}: unknown example directive '${directive}'`);
  }
  const commands = code.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  example.startsHost = commands.length > 0 && commands.every((l) => HOST_LINE.test(l.trim()));
  return example;
}

/** The names a `NAME=value npm start` block sets, in order. */
export function hostSettingNames(code: string): string[] {
  const names: string[] = [];
  for (const line of code.split('\n')) {
    if (!HOST_LINE.test(line.trim())) continue;
    for (const match of line.matchAll(/(?:^|\s)([A-Z_][A-Z0-9_]*)=/g)) names.push(match[1] ?? '');
  }
  return names;
}

/** The placeholders a block uses, without duplicates. */
export function placeholdersOf(code: string): string[] {
  return [...new Set([...code.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/** The value of a capture in a block's output: the first group of its last match, if any. */
export function capturedValue(output: string, pattern: RegExp): string | undefined {
  const flags = new Set([...pattern.flags, 'g', 'm']);
  const global = new RegExp(pattern.source, [...flags].join(''));
  let value: string | undefined;
  for (const match of output.matchAll(global)) value = match[1] ?? match[0];
  return value;
}
