/**
 * The resources of the HTTP API as the CLI reads them. Deliberately loose (the API is the authority and
 * may add fields); only what the CLI shows is named.
 */

export const TERMINAL_STATUSES = ['Succeeded', 'Failed', 'Canceled'] as const;

export interface Operation {
  id: string;
  status: string;
  action: string;
  target: Record<string, unknown> & { kind: string; resource?: string };
  createdDateTime: string;
  lastActionDateTime: string;
  upstream?: { operationId?: string; operationLocation?: string; status?: string };
  result?: Record<string, unknown>;
  error?: { code: string; message: string; details?: Array<{ code: string; message: string }> };
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

export interface Alias {
  name: string;
  resource: string;
  endpointId: string;
}

export interface InstantView {
  utc: string;
  local: string;
}

export interface Schedule {
  name: string;
  timeZone: string;
  suspendAt: string;
  resumeAt: string;
  enabled: boolean;
  targets: Array<Record<string, unknown>>;
  next: { suspend: InstantView | null; resume: InstantView | null };
  desiredState: 'running' | 'suspended' | null;
}

export interface Override {
  id: string;
  hold: string;
  until: string;
  untilLocal: string;
  targets?: Array<Record<string, unknown>>;
  operations?: Operation[];
}

export interface SavingsReport {
  name: string;
  days: number;
  from: string;
  to: string;
  targets: Array<{ resource: string; endpointId: string; aliases: string[]; suspendedHours: number }>;
  totalSuspendedHours: number;
  historyComplete: boolean;
}

export function isTerminal(status: string): boolean {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export const DEAD_LETTER_ENTITY_NAMES = ['commands', 'deliveries'] as const;

export interface DeadLetter {
  entity: string;
  id: string;
  messageId: string;
  reason: string;
  description: string;
  firstSeenDateTime: string;
  deliveryCount: number;
  subject?: string;
  body: unknown;
}

export interface ReplayedDeadLetter {
  entity: string;
  id: string;
  messageId: string;
}
