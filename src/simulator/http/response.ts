/**
 * What a simulator route answers, as data: routes build it without touching the socket, so they stay
 * easy to test and the server alone decides how bytes are written (and what the request log records).
 */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON; absent means no body. */
  body?: unknown;
}

/** The simulated services, and `generic` for paths that belong to none of them. */
export type ServiceName =
  'customvoice' | 'face' | 'qna' | 'documentintelligence' | 'translator' | 'textanalysis' | 'generic';

/** Error codes of each service's own vocabulary (API-NOTES section E), by the situation they describe. */
export const ERROR_CODES = {
  customvoice: {
    invalidInput: 'BadArgument',
    rejected: 'BadRequest',
    unauthorized: 'Unauthorized',
    notFound: 'NotFound',
  },
  face: {
    invalidInput: 'BadArgument',
    rejected: 'BadRequest',
    unauthorized: 'Unauthorized',
    notFound: 'NotFound',
  },
  qna: {
    invalidInput: 'InvalidArgument',
    rejected: 'InvalidRequest',
    unauthorized: 'Unauthorized',
    notFound: 'NotFound',
  },
  // Document Intelligence 2024-11-30 (`DocumentIntelligenceError`; API-NOTES section F).
  documentintelligence: {
    invalidInput: 'InvalidArgument',
    rejected: 'InvalidRequest',
    unauthorized: 'Unauthorized',
    notFound: 'NotFound',
  },
  // Document translation 2024-05-01 (`TranslationErrorCode`; API-NOTES section G).
  translator: {
    invalidInput: 'InvalidArgument',
    rejected: 'InvalidRequest',
    unauthorized: 'Unauthorized',
    notFound: 'ResourceNotFound',
  },
  // Language analyze-text 2023-04-01 (`ErrorCode`; API-NOTES section H): the same words as QnA.
  textanalysis: {
    invalidInput: 'InvalidArgument',
    rejected: 'InvalidRequest',
    unauthorized: 'Unauthorized',
    notFound: 'NotFound',
  },
  generic: {
    invalidInput: 'BadRequest',
    rejected: 'BadRequest',
    unauthorized: 'Unauthorized',
    notFound: 'NotFound',
  },
} as const;

export type ErrorSituation = keyof (typeof ERROR_CODES)['customvoice'];

/** Codes shared by every service for the statuses a fault can inject or the server can produce. */
export const STATUS_ERROR_CODES: Readonly<Record<number, string>> = {
  405: 'MethodNotAllowed',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

export interface ErrorOptions {
  target?: string;
  headers?: Record<string, string>;
  /** `error.innererror`, for services whose error schema has one (Document Intelligence). */
  innererror?: { code: string; message?: string };
}

/**
 * An error in the shape all three services accept, `{ "error": { code, message, target? } }`, with
 * `x-ms-error-code` equal to `error.code` (API-NOTES section E, "common wire form").
 */
export function errorResponse(
  status: number,
  code: string,
  message: string,
  options: ErrorOptions = {},
): SimResponse {
  return {
    status,
    headers: { ...options.headers, 'x-ms-error-code': code },
    body: {
      error: {
        code,
        message,
        ...(options.target !== undefined ? { target: options.target } : {}),
        ...(options.innererror !== undefined ? { innererror: options.innererror } : {}),
      },
    },
  };
}

/** An error named by situation, in the code vocabulary of `service`. */
export function serviceError(
  service: ServiceName,
  status: number,
  situation: ErrorSituation,
  message: string,
  options: ErrorOptions = {},
): SimResponse {
  return errorResponse(status, ERROR_CODES[service][situation], message, options);
}

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): SimResponse {
  return { status, headers, body };
}
