import { UsageError } from './usage-error.js';

const UNIT_IN_MS: Record<string, number> = { s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `45m`, `2h`, `1.5d`: a span a person types, in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d)$/i.exec(text.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  const unit = UNIT_IN_MS[match?.[2]?.toLowerCase() ?? ''];
  if (!unit || !(amount > 0)) {
    throw new UsageError(`--${option} takes a duration such as 90s, 45m, 2h or 1d, not '${text}'.`);
  }
  return Math.round(amount * unit);
}

/** A positive whole number of seconds, days, items... */
export function parsePositiveInteger(text: string, option: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) {
    throw new UsageError(`--${option} takes a whole number of at least 1, not '${text}'.`);
  }
  return Number(text);
}
