import { isServiceBusError, type ServiceBusErrorCode } from '@azure/service-bus';
import { BusError, type BusErrorCode } from './errors.js';

const CODE_BY_SERVICE_BUS_CODE: Readonly<Record<ServiceBusErrorCode, BusErrorCode>> = {
  GeneralError: 'Unknown',
  MessagingEntityNotFound: 'EntityNotFound',
  MessageLockLost: 'MessageLockLost',
  MessageNotFound: 'Unknown',
  MessageSizeExceeded: 'InvalidMessage',
  MessagingEntityAlreadyExists: 'Unknown',
  MessagingEntityDisabled: 'Unknown',
  QuotaExceeded: 'QuotaExceeded',
  ServiceBusy: 'Transient',
  ServiceTimeout: 'Transient',
  ServiceCommunicationProblem: 'Transient',
  SessionCannotBeLocked: 'Unknown',
  SessionLockLost: 'MessageLockLost',
  UnauthorizedAccess: 'Unauthorized',
} as const;

/** Credential failures from `@azure/identity` carry these names. */
const CREDENTIAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
]);

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Turns whatever `@azure/service-bus` threw into a `BusError` that says what failed on which entity.
 * The SDK's own text is kept for its tracking id, with anything shaped like a key or SAS token removed.
 */
export function toBusError(error: unknown, action: string, entity: string): BusError {
  if (error instanceof BusError) return error;
  const detail = error instanceof Error ? redactSecrets(error.message) : 'unknown failure';
  if (isServiceBusError(error)) {
    const code =
      error.code === 'GeneralError' && error.retryable ? 'Transient' : CODE_BY_SERVICE_BUS_CODE[error.code];
    return new BusError(code, `Service Bus could not ${action} '${entity}' (${error.code}): ${detail}`, {
      cause: error,
    });
  }
  if (error instanceof Error && CREDENTIAL_ERROR_NAMES.has(error.name)) {
    return new BusError(
      'Unauthorized',
      `Service Bus could not ${action} '${entity}': no token for the namespace (${error.name}).`,
      { cause: error },
    );
  }
  return new BusError('Unknown', `Service Bus could not ${action} '${entity}': ${detail}`, { cause: error });
}

/** Removes shared access keys and signatures from text that may have quoted a connection string. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(SharedAccessKey|SharedAccessSignature)\s*=\s*[^;\s]+/gi, '$1=***')
    .replace(/SharedAccessSignature\s+[^\s;"']+/gi, 'SharedAccessSignature ***')
    .replace(/([?&]sig=)[^&\s"']+/gi, '$1***');
}
