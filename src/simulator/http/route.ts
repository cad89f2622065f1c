import type { IncomingHttpHeaders } from 'node:http';
import type { ServiceBody } from './body.js';
import type { ServiceName, SimResponse } from './response.js';

/** A non-admin request as the service routes see it, after faults, routing and auth. */
export interface ServiceRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** Scheme and authority the caller used, for `Operation-Location`. */
  baseUrl: string;
  nowMs: number;
  /** Read to its end before routing; only the start routes of long-running operations look at it. */
  body: ServiceBody;
}

/** A resource of a simulated service. */
export interface ServiceRoute {
  service: ServiceName;
  /** The methods it answers; any other gets `405`. */
  methods: readonly string[];
  handle(request: ServiceRequest): SimResponse;
}

/** Finds the route for the decoded path segments (without the leading empty one), if any. */
export type RouteMatcher = (segments: readonly string[]) => ServiceRoute | undefined;

/** The value of a single-valued request header (the first, if repeated). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export { UUID_PATTERN } from '../../shared/ids.js';
