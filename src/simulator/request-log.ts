import type { AuthKind } from './auth.js';

/** One non-admin request as `GET /_simulator/requests` reports it. Never holds a key or token. */
export interface SimulatorRequest {
  method: string;
  /** The path as sent (not decoded), without the query. */
  path: string;
  query: Record<string, string>;
  /** The `Operation-Id` request header, when sent. */
  operationId?: string;
  auth: AuthKind;
  /** The status the simulator answered with (including injected faults). */
  status: number;
  /** When the request arrived, ISO 8601. */
  time: string;
}

/** Past requests in arrival order, capped so a long-running simulator does not grow without bound. */
export class RequestLog {
  private entries: SimulatorRequest[] = [];

  constructor(private readonly maxEntries = 10_000) {}

  add(entry: SimulatorRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  list(): SimulatorRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
