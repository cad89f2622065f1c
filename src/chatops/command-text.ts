/**
 * The words people type: `suspend jessica`, `resume jessica`, `status <operation id | alias>`, `help`.
 * Verbs are case-insensitive and spaces do not matter; anything else gets the help text.
 */

export type ChatCommand =
  | { verb: 'suspend' | 'resume'; alias: string }
  | { verb: 'status'; subject: string }
  | { verb: 'help'; problem?: HelpProblem };

/** Why help is shown instead of a command, so the answer can say what went wrong. */
export type HelpProblem =
  | { kind: 'unknown-verb'; word: string }
  | { kind: 'missing-argument'; verb: 'suspend' | 'resume' | 'status' }
  | { kind: 'extra-words'; verb: 'suspend' | 'resume' | 'status' };

const VERBS_WITH_ONE_ARGUMENT = ['suspend', 'resume', 'status'] as const;

export function parseCommandText(text: string): ChatCommand {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const [first, ...rest] = words;
  if (first === undefined) return { verb: 'help' };
  const verb = first.toLowerCase();
  if (verb === 'help' || verb === '?') return { verb: 'help' };
  const known = VERBS_WITH_ONE_ARGUMENT.find((candidate) => candidate === verb);
  if (known === undefined) return { verb: 'help', problem: { kind: 'unknown-verb', word: first } };
  const [argument, ...extra] = rest;
  if (argument === undefined) return { verb: 'help', problem: { kind: 'missing-argument', verb: known } };
  if (extra.length > 0) return { verb: 'help', problem: { kind: 'extra-words', verb: known } };
  if (known === 'status') return { verb: 'status', subject: argument };
  // Alias names are case-insensitive (ENDPOINT_ALIASES is stored lower-cased).
  return { verb: known, alias: argument.toLowerCase() };
}
