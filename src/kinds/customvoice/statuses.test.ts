import { describe, expect, it } from 'vitest';
import { unknownStatusOf } from '../../../test/harness/ai-service-error.js';
import {
  endpointStatusSatisfies,
  mapCustomVoiceEndpointStatus,
  mapCustomVoiceOperationStatus,
} from './statuses.js';

describe('custom voice status mapping', () => {
  it('maps custom voice operation statuses', () => {
    expect(mapCustomVoiceOperationStatus('NotStarted').status).toBe('NotStarted');
    expect(mapCustomVoiceOperationStatus('Running').status).toBe('Running');
    expect(mapCustomVoiceOperationStatus('Succeeded').status).toBe('Succeeded');
    expect(mapCustomVoiceOperationStatus('Failed').status).toBe('Failed');
  });

  it('maps custom voice endpoint statuses, transitions as Running', () => {
    expect(mapCustomVoiceEndpointStatus('Disabling')).toEqual({
      status: 'Running',
      upstreamStatus: 'Disabling',
    });
    expect(mapCustomVoiceEndpointStatus('Running').status).toBe('Running');
    expect(mapCustomVoiceEndpointStatus('Disabled').status).toBe('Succeeded');
    expect(mapCustomVoiceEndpointStatus('Succeeded').status).toBe('Succeeded');
    expect(mapCustomVoiceEndpointStatus('Failed').status).toBe('Failed');
    expect(mapCustomVoiceEndpointStatus('NotStarted').status).toBe('NotStarted');
  });

  it('says when an endpoint already is where an action would take it', () => {
    expect(endpointStatusSatisfies('suspend', 'Disabled')).toBe(true);
    expect(endpointStatusSatisfies('suspend', 'Disabling')).toBe(false);
    expect(endpointStatusSatisfies('suspend', 'Succeeded')).toBe(false);
    expect(endpointStatusSatisfies('resume', 'Succeeded')).toBe(true);
    expect(endpointStatusSatisfies('resume', 'Running')).toBe(false);
    expect(endpointStatusSatisfies('resume', 'Disabled')).toBe(false);
  });

  it('refuses a status word it does not know instead of guessing', () => {
    for (const map of [
      () => mapCustomVoiceOperationStatus('Paused'),
      () => mapCustomVoiceEndpointStatus(''),
    ]) {
      const error = unknownStatusOf(map);
      expect(error.code).toBe('UnknownStatus');
      expect(error.retryable).toBe(false);
    }
  });
});
