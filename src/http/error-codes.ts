/**
 * Every error code the HTTP API answers with, and its one status. Every refusal goes through this table
 * (`ApiError`, `apiErrorOf`), so a code means the same status on every route of both hosts; the OpenAPI
 * document (`src/http/openapi/`) and `docs/errors.md` list exactly these codes (tests check both).
 * `meaning` is the one-line description the OpenAPI document shows; `docs/errors.md` adds an example and
 * what to do.
 */
export const ERROR_CODES = {
  // The request itself.
  BadRequest: { status: 400, meaning: 'The request could not be parsed as HTTP/1.1 (standalone host).' },
  InvalidUrl: { status: 400, meaning: "The URL is malformed, or has a '.' or '..' path segment." },
  InvalidJson: { status: 400, meaning: 'The request body is not valid JSON.' },
  RequestBodyTooLarge: { status: 400, meaning: 'The request body is larger than 64 KiB.' },
  // A field of the body, query or path (the message and `target` name it).
  UnknownField: { status: 400, meaning: 'A field or query parameter the route does not know.' },
  MissingField: { status: 400, meaning: 'A required field is missing.' },
  InvalidType: {
    status: 400,
    meaning: 'A field has the wrong type (a string where a number is expected, ...).',
  },
  InvalidValue: { status: 400, meaning: 'A field has a value outside what it accepts.' },
  InvalidFormat: {
    status: 400,
    meaning: 'A field is not in the form it must have (a URL, a date-time, ...).',
  },
  InvalidUuid: { status: 400, meaning: 'A field that must be a UUID is not one.' },
  UnknownAction: { status: 400, meaning: 'The action is not one the route carries out.' },
  UnknownTargetKind: {
    status: 400,
    meaning: 'The target kind is not one the app knows, or not one for this action.',
  },
  // Commands and operations.
  InvalidOperationId: {
    status: 400,
    meaning: 'An operation id (header or path) does not have the Azure form.',
  },
  OperationIdReused: { status: 400, meaning: 'The Operation-Id was already used for a different request.' },
  UnknownResource: { status: 400, meaning: 'No AI resource of that name is configured.' },
  InvalidOperationLocation: { status: 400, meaning: 'operationLocation is not an absolute URL.' },
  OperationLocationTooLong: { status: 400, meaning: 'operationLocation is longer than 2 KiB.' },
  OperationLocationHasCredentials: {
    status: 400,
    meaning: 'operationLocation carries a user name or password.',
  },
  OperationLocationHasFragment: { status: 400, meaning: 'operationLocation has a #fragment.' },
  OperationLocationNotHttps: {
    status: 400,
    meaning: 'operationLocation is not https (plain http only to loopback outside Azure).',
  },
  OperationLocationNotOnResource: {
    status: 400,
    meaning: "operationLocation is not on the resource's own host and port.",
  },
  InvalidSkipToken: { status: 400, meaning: 'The skipToken of a page link is not valid.' },
  // Schedules and overrides.
  InvalidScheduleName: {
    status: 400,
    meaning: 'A schedule name is not 1-63 letters, digits, dots, dashes or underscores.',
  },
  InvalidTimeZone: { status: 400, meaning: 'timeZone is not an IANA time zone.' },
  InvalidCronExpression: {
    status: 400,
    meaning: 'A cron expression does not parse, fires more than once a minute, or equals the other one.',
  },
  InvalidDate: { status: 400, meaning: 'An exception date is not a calendar date YYYY-MM-DD.' },
  InvalidDateRange: { status: 400, meaning: 'An exception range ends before it starts.' },
  InvalidTarget: {
    status: 400,
    meaning: 'A schedule target names neither an alias nor a resource and endpointId, or both.',
  },
  DuplicateTarget: { status: 400, meaning: 'The same endpoint is a target twice.' },
  UnknownAlias: { status: 400, meaning: 'No endpoint alias of that name is configured in ENDPOINT_ALIASES.' },
  NotAScheduleTarget: {
    status: 400,
    meaning: 'An override names an endpoint that is not a target of the schedule.',
  },
  // Chat-ops webhooks.
  InvalidCallbackUrl: { status: 400, meaning: 'callbackUrl is not a URL events may be delivered to.' },
  InvalidSlashCommand: { status: 400, meaning: 'The Slack form lacks a field a slash command has.' },
  InvalidActivity: { status: 400, meaning: 'The Teams activity lacks a field an outgoing webhook sends.' },
  Unauthorized: { status: 401, meaning: "The webhook's secret is not set, so no request can be verified." },
  MissingSignature: { status: 401, meaning: 'The signature or timestamp header is missing.' },
  InvalidSignature: { status: 401, meaning: 'The signature does not verify.' },
  StaleTimestamp: { status: 401, meaning: 'The signed timestamp is outside the five-minute window.' },
  Forbidden: { status: 403, meaning: 'The chat user or channel may not run this command (CHATOPS_ALLOWED).' },
  // Not found, wrong method, conflicts.
  NotFound: { status: 404, meaning: 'No route has this path.' },
  OperationNotFound: { status: 404, meaning: 'No operation has this id.' },
  ScheduleNotFound: { status: 404, meaning: 'No schedule has this name.' },
  OverrideNotFound: { status: 404, meaning: 'No active override has this id on the schedule.' },
  DeadLetterNotFound: {
    status: 404,
    meaning: 'No dead letter has this id in the entity, or the entity has none.',
  },
  MethodNotAllowed: {
    status: 405,
    meaning: 'The route does not accept this method; the Allow header lists those it does.',
  },
  Conflict: { status: 409, meaning: 'The schedule was changed at the same time; try again.' },
  RequestEntityTooLarge: { status: 413, meaning: 'Chunk extensions too large (standalone host parser).' },
  UnsupportedMediaType: { status: 415, meaning: "The body's Content-Type is not the one the route reads." },
  RequestHeaderFieldsTooLarge: {
    status: 431,
    meaning: 'The request headers are too large (standalone host parser).',
  },
  // The app.
  InternalServerError: { status: 500, meaning: 'Something failed inside the app; the log has the detail.' },
  ServiceNotConfigured: {
    status: 503,
    meaning: 'A setting the app cannot run without is missing or malformed.',
  },
  FeatureUnavailable: {
    status: 503,
    meaning: 'An optional feature is off because its setting is malformed.',
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

/** The one status of a code. */
export function statusOfCode(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
