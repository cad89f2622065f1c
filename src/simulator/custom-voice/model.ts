import { scaledDurationInMs } from '../timeline.js';

/**
 * Custom voice endpoints and their suspend/resume operations, as plain data and pure rules. The current
 * status is computed from timestamps on every read (API-NOTES section B).
 */

export const CUSTOM_VOICE_API_VERSIONS = ['2023-12-01-preview', '2024-02-01-preview', '2026-01-01'] as const;

/** `Status` of the swagger. */
export const ENDPOINT_STATUSES = [
  'NotStarted',
  'Running',
  'Succeeded',
  'Failed',
  'Disabling',
  'Disabled',
] as const;
export type EndpointStatus = (typeof ENDPOINT_STATUSES)[number];

/** `EndpointKind` of the swagger. */
export const ENDPOINT_KINDS = ['HighPerformance', 'FastResume'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** `OperationStatus` of the swagger. */
export type VoiceOperationStatus = 'NotStarted' | 'Running' | 'Succeeded' | 'Failed';

export type Verb = 'suspend' | 'resume';

/** Default durations in simulated seconds: suspend is almost immediate, resume is a redeployment. */
export const DEFAULT_SUSPEND_SECONDS = 2 as const;
export const DEFAULT_RESUME_SECONDS: Readonly<Record<EndpointKind, number>> = {
  HighPerformance: 5,
  FastResume: 2,
};

/** What each verb needs, passes through and ends in (suspend: Succeeded -> Disabling -> Disabled). */
export const TRANSITIONS: Readonly<
  Record<Verb, { from: EndpointStatus; during: EndpointStatus; to: EndpointStatus }>
> = {
  suspend: { from: 'Succeeded', during: 'Disabling', to: 'Disabled' },
  resume: { from: 'Disabled', during: 'Running', to: 'Succeeded' },
};

export interface Transition {
  verb: Verb;
  operationId: string;
  startedAtMs: number;
  completesAtMs: number;
}

export interface SimEndpoint {
  id: string;
  displayName?: string;
  description: string;
  projectId: string;
  modelId: string;
  kind: EndpointKind;
  createdAtMs: number;
  /** The status outside any transition, and when it was entered. */
  status: EndpointStatus;
  statusSinceMs: number;
  transition?: Transition;
  /** Per-endpoint durations in simulated seconds; defaults above when absent. */
  suspendSeconds?: number;
  resumeSeconds?: number;
}

export interface VoiceOperation {
  id: string;
  endpointId: string;
  verb: Verb;
  /** What makes a repeated `Operation-Id` "the identical request". */
  requestSignature: string;
  apiVersion: string;
  startedAtMs: number;
  completesAtMs: number;
  /** Set when the transition was cut short (an admin forced the endpoint's status). */
  failedAtMs?: number;
}

export interface EndpointReading {
  status: EndpointStatus;
  lastActionMs: number;
}

/** The endpoint's status at `nowMs`, its transition (if any) applied. */
export function readEndpoint(endpoint: SimEndpoint, nowMs: number): EndpointReading {
  const transition = endpoint.transition;
  if (!transition) return { status: endpoint.status, lastActionMs: endpoint.statusSinceMs };
  const { during, to } = TRANSITIONS[transition.verb];
  if (nowMs >= transition.completesAtMs) return { status: to, lastActionMs: transition.completesAtMs };
  return { status: during, lastActionMs: transition.startedAtMs };
}

/** The same endpoint with a finished transition folded into its settled status. */
export function settleEndpoint(endpoint: SimEndpoint, nowMs: number): SimEndpoint {
  if (!endpoint.transition || nowMs < endpoint.transition.completesAtMs) return endpoint;
  const reading = readEndpoint(endpoint, nowMs);
  const { transition: _finished, ...rest } = endpoint;
  return { ...rest, status: reading.status, statusSinceMs: reading.lastActionMs };
}

/** How long `verb` takes on this endpoint, in real milliseconds. */
export function transitionDurationInMs(endpoint: SimEndpoint, verb: Verb, timeScale: number): number {
  const seconds =
    verb === 'suspend'
      ? (endpoint.suspendSeconds ?? DEFAULT_SUSPEND_SECONDS)
      : (endpoint.resumeSeconds ?? DEFAULT_RESUME_SECONDS[endpoint.kind]);
  return scaledDurationInMs(seconds, timeScale);
}

/**
 * Why `verb` cannot start now, or undefined when it can. The spec says nothing about suspending an
 * endpoint that is not active; the simulator refuses (API-NOTES "suggested simulator rule").
 */
export function refusalOf(verb: Verb, current: EndpointStatus): string | undefined {
  const needed = TRANSITIONS[verb].from;
  if (current === needed) return undefined;
  return `The endpoint cannot be ${verb === 'suspend' ? 'suspended' : 'resumed'}: its status is ${current}, and ${verb} needs ${needed}.`;
}

export interface StartedTransition {
  endpoint: SimEndpoint;
  operation: VoiceOperation;
}

/** Starts `verb` at `nowMs` on a settled endpoint whose status allows it (see `refusalOf`). */
export function startTransition(
  endpoint: SimEndpoint,
  request: { verb: Verb; operationId: string; requestSignature: string; apiVersion: string },
  nowMs: number,
  timeScale: number,
): StartedTransition {
  const completesAtMs = nowMs + transitionDurationInMs(endpoint, request.verb, timeScale);
  return {
    endpoint: {
      ...endpoint,
      transition: { verb: request.verb, operationId: request.operationId, startedAtMs: nowMs, completesAtMs },
    },
    operation: {
      id: request.operationId,
      endpointId: endpoint.id,
      verb: request.verb,
      requestSignature: request.requestSignature,
      apiVersion: request.apiVersion,
      startedAtMs: nowMs,
      completesAtMs,
    },
  };
}

/** The operation's status at `nowMs`. */
export function readVoiceOperation(operation: VoiceOperation, nowMs: number): VoiceOperationStatus {
  if (operation.failedAtMs !== undefined && nowMs >= operation.failedAtMs) return 'Failed';
  return nowMs >= operation.completesAtMs ? 'Succeeded' : 'Running';
}

export function isTerminalVoiceOperation(status: VoiceOperationStatus): boolean {
  return status === 'Succeeded' || status === 'Failed';
}

/** The `Endpoint` body of the service. */
export function endpointBody(endpoint: SimEndpoint, nowMs: number): Record<string, unknown> {
  const reading = readEndpoint(endpoint, nowMs);
  return {
    id: endpoint.id,
    ...(endpoint.displayName !== undefined ? { displayName: endpoint.displayName } : {}),
    description: endpoint.description,
    projectId: endpoint.projectId,
    modelId: endpoint.modelId,
    properties: { kind: endpoint.kind },
    status: reading.status,
    createdDateTime: new Date(endpoint.createdAtMs).toISOString(),
    lastActionDateTime: new Date(reading.lastActionMs).toISOString(),
  };
}
