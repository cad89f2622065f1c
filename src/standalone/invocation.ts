import { randomUUID } from 'node:crypto';
import type { InvocationContext as InvocationContextType, TriggerMetadata } from '@azure/functions';
import { InvocationContext } from './azure-functions-runtime.js';

export type HostLog = (line: string) => void;

/**
 * A real `InvocationContext`, as the Functions host would pass, whose log lines go to the host's output
 * prefixed with the function name (the Functions host sends them to Application Insights instead).
 */
export function createInvocationContext(
  functionName: string,
  log: HostLog,
  triggerMetadata?: TriggerMetadata,
): InvocationContextType {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    ...(triggerMetadata ? { triggerMetadata } : {}),
    logHandler: (level, ...args) => {
      const text = args.map((arg) => (typeof arg === 'string' ? arg : formatValue(arg))).join(' ');
      log(`[${functionName}]${level === 'information' ? '' : ` ${level}:`} ${text}`);
    },
  });
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
