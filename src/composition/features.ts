import { ConfigurationError } from '../config/env.js';
import { featureUnavailable } from '../config/feature-unavailable.js';

/**
 * Optional features, each switched off on its own by a malformed setting while the rest of the app
 * (commands, executor, poller, schedules) keeps running. Core settings still stop the app.
 */
export type FeatureName = 'chatOps' | 'endpointAliases' | 'eventWebhooks';

export const FEATURE_TITLES: Readonly<Record<FeatureName, string>> = {
  chatOps: 'Chat-ops',
  endpointAliases: 'Endpoint aliases',
  eventWebhooks: 'Event webhooks',
};

export interface FeatureProblem {
  /** The settings to fix; named to callers, never their values. */
  settings: string[];
  /** The readers' own messages (where in the setting, what rule): for the log only. */
  details: string[];
}

export type FeatureProblems = Partial<Record<FeatureName, FeatureProblem>>;

/** Records a setting problem against a feature (several settings may break one feature). */
export function addFeatureProblem(
  problems: FeatureProblems,
  feature: FeatureName,
  error: ConfigurationError,
): void {
  const problem = (problems[feature] ??= { settings: [], details: [] });
  if (!problem.settings.includes(error.setting)) problem.settings.push(error.setting);
  problem.details.push(error.message);
}

/**
 * Runs a feature's setting reader: its value, or `fallback` with the problem recorded when the setting is
 * malformed. Anything but a `ConfigurationError` is a bug and passes through.
 */
export function readFeatureSetting<T>(
  problems: FeatureProblems,
  feature: FeatureName,
  read: () => T,
  fallback: T,
): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    addFeatureProblem(problems, feature, error);
    return fallback;
  }
}

/** A feature depends on another: it is off, naming the same settings, when that one is. */
export function inheritFeatureProblem(
  problems: FeatureProblems,
  feature: FeatureName,
  from: FeatureName,
): void {
  const source = problems[from];
  if (!source) return;
  const problem = (problems[feature] ??= { settings: [], details: [] });
  for (const setting of source.settings)
    if (!problem.settings.includes(setting)) problem.settings.push(setting);
  problem.details.push(...source.details);
}

/** Throws `503 FeatureUnavailable` naming the settings to fix while `feature` is off. */
export function requireFeature(problems: FeatureProblems, feature: FeatureName): void {
  const problem = problems[feature];
  if (problem) throw featureUnavailable(FEATURE_TITLES[feature], problem.settings);
}
