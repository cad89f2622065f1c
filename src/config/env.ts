/**
 * Small readers over `process.env`-like maps that fail fast with a message naming the setting.
 * They never echo a setting's value, so a secret cannot leak through a configuration error.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

export function readOptionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function readRequiredString(env: Env, name: string): string {
  const value = readOptionalString(env, name);
  if (value === undefined) throw new ConfigurationError(name, `${name} is required.`);
  return value;
}

export function readString(env: Env, name: string, fallback: string): string {
  return readOptionalString(env, name) ?? fallback;
}

export function readPositiveInt(env: Env, name: string, fallback: number): number {
  const raw = readOptionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigurationError(name, `${name} must be a positive whole number.`);
  }
  return value;
}

export function readNonNegativeInt(env: Env, name: string, fallback: number): number {
  const raw = readOptionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(name, `${name} must be a whole number, 0 or more.`);
  }
  return value;
}

export function readPositiveNumber(env: Env, name: string, fallback: number): number {
  const raw = readOptionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(name, `${name} must be a positive number.`);
  }
  return value;
}

export function readJson(env: Env, name: string, fallback: unknown): unknown {
  const raw = readOptionalString(env, name);
  if (raw === undefined) return fallback;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ConfigurationError(name, `${name} must be valid JSON.`);
  }
}
