import { RequestRefusedError } from '../domain/refusal.js';

/**
 * `FeatureUnavailable` (HTTP 503): an optional feature is off because a setting it needs is malformed. The
 * message names the settings only: their values may be secrets, and the log has the details.
 */
export function featureUnavailable(title: string, settings: readonly string[]): RequestRefusedError {
  return new RequestRefusedError(
    'Unavailable',
    'FeatureUnavailable',
    `${title} is unavailable: the setting ${settings.join(', ')} is not valid. Everything else runs; fix the setting and restart.`,
    settings[0],
  );
}
