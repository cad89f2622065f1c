import type { ConfigurationError } from '../config/env.js';
import { ApiError } from './api-error.js';

/**
 * `503 ServiceNotConfigured`: the app cannot run without a setting (a missing Service Bus or storage
 * connection under the Functions host, a malformed core setting). `ConfigurationError` messages name the
 * setting and never quote its value.
 */
export function serviceNotConfiguredError(error: ConfigurationError): ApiError {
  return new ApiError('ServiceNotConfigured', error.message, error.setting);
}
