import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './usage-error.js';

/** Fields of the schedule resource the API computes; dropped so `get --json > f.json` then `put` works. */
const READ_ONLY_FIELDS = ['name', 'createdDateTime', 'lastModifiedDateTime', 'next', 'desiredState'];

export interface ScheduleFile {
  /** The `name` the file carries, if any. */
  name?: string;
  body: Record<string, unknown>;
}

/** Reads a schedule from a `.json` file, or YAML from any other (`-` is standard input). */
export async function readScheduleFile(path: string, stdin: () => Promise<string>): Promise<ScheduleFile> {
  let text: string;
  try {
    text = path === '-' ? await stdin() : await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseScheduleText(text, extname(path).toLowerCase() === '.json' ? 'json' : 'yaml', path);
}

export function parseScheduleText(text: string, format: 'json' | 'yaml', source: string): ScheduleFile {
  let parsed: unknown;
  try {
    parsed = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${source} is not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `${source} must hold one schedule object (targets, timeZone, suspendAt, resumeAt...).`,
    );
  }
  const record = parsed as Record<string, unknown>;
  const body = Object.fromEntries(Object.entries(record).filter(([key]) => !READ_ONLY_FIELDS.includes(key)));
  return typeof record.name === 'string' ? { name: record.name, body } : { body };
}
