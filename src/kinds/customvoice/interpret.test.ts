import { describe, expect, it } from 'vitest';
import type { MappedStatus, StatusReading } from '../../clients/types.js';
import { interpretEndpointCheck, interpretEndpointTransition } from './interpret.js';
import type { CustomVoiceEndpoint } from './schemas.js';

function reading<T>(body: T, status: MappedStatus['status'], upstreamStatus: string): StatusReading<T> {
  return { body, mapped: { status, upstreamStatus } };
}

function endpoint(status: string): CustomVoiceEndpoint {
  return {
    id: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
    projectId: 'Jessica',
    modelId: 'Jessica',
    properties: { kind: 'HighPerformance' },
    status,
    createdDateTime: '2023-04-01T05:30:00.000Z',
    lastActionDateTime: '2023-04-02T10:15:30.000Z',
  };
}

describe('interpretEndpointTransition', () => {
  const operation = (status: string, mapped: MappedStatus['status']) =>
    reading({ id: 'op-1', status }, mapped, status);

  it('reports a finished suspend with the endpoint status in the result', () => {
    const outcome = interpretEndpointTransition(
      'suspend',
      operation('Succeeded', 'Succeeded'),
      endpoint('Disabled'),
    );
    expect(outcome).toMatchObject({ status: 'Succeeded', result: { endpointStatus: 'Disabled' } });
  });

  it('treats a resume whose operation succeeded but left the endpoint Disabled as a failure', () => {
    const outcome = interpretEndpointTransition(
      'resume',
      operation('Succeeded', 'Succeeded'),
      endpoint('Disabled'),
    );
    expect(outcome).toMatchObject({ status: 'Failed', error: { code: 'OperationFailed' } });
  });

  it('keeps waiting while the endpoint is still moving', () => {
    expect(interpretEndpointTransition('suspend', operation('Running', 'Running'), undefined)).toMatchObject({
      kind: 'running',
    });
    expect(
      interpretEndpointTransition('suspend', operation('Succeeded', 'Succeeded'), endpoint('Disabling')),
    ).toMatchObject({ kind: 'running', upstreamStatus: 'Disabling' });
  });
});

describe('interpretEndpointCheck', () => {
  it('is done for settled endpoints and running for moving ones', () => {
    for (const settled of ['Succeeded', 'Disabled', 'Failed', 'NotStarted']) {
      expect(interpretEndpointCheck(endpoint(settled))).toMatchObject({
        kind: 'terminal',
        status: 'Succeeded',
      });
    }
    for (const moving of ['Running', 'Disabling']) {
      expect(interpretEndpointCheck(endpoint(moving))).toMatchObject({
        kind: 'running',
        upstreamStatus: moving,
      });
    }
  });
});
