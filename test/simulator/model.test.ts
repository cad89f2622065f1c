import { describe, expect, it } from 'vitest';
import {
  readEndpoint,
  readVoiceOperation,
  refusalOf,
  settleEndpoint,
  startTransition,
  type SimEndpoint,
} from '../../src/simulator/custom-voice/model.js';
import { FACE_VOCABULARY } from '../../src/simulator/face/model.js';
import { planProgression, readTimeline } from '../../src/simulator/timeline.js';

const T0 = Date.parse('2026-01-05T08:00:00.000Z');

function endpoint(overrides: Partial<SimEndpoint> = {}): SimEndpoint {
  return {
    id: '11111111-2222-4333-8444-555555555555',
    description: 'test',
    projectId: 'proj',
    modelId: 'model',
    kind: 'HighPerformance',
    createdAtMs: T0 - 86_400_000,
    status: 'Succeeded',
    statusSinceMs: T0 - 3_600_000,
    ...overrides,
  };
}

function start(target: SimEndpoint, verb: 'suspend' | 'resume', timeScale = 1) {
  return startTransition(
    target,
    { verb, operationId: 'op', requestSignature: 'sig', apiVersion: '2026-01-01' },
    T0,
    timeScale,
  );
}

describe('custom voice transitions (pure rules, fixed clock)', () => {
  it('suspends through Disabling to Disabled after the default 2 simulated seconds', () => {
    const { endpoint: suspending, operation } = start(endpoint(), 'suspend');
    expect(readEndpoint(suspending, T0)).toEqual({ status: 'Disabling', lastActionMs: T0 });
    expect(readEndpoint(suspending, T0 + 1_999).status).toBe('Disabling');
    expect(readVoiceOperation(operation, T0 + 1_999)).toBe('Running');
    expect(readEndpoint(suspending, T0 + 2_000)).toEqual({ status: 'Disabled', lastActionMs: T0 + 2_000 });
    expect(readVoiceOperation(operation, T0 + 2_000)).toBe('Succeeded');
  });

  it('resumes a HighPerformance endpoint in 5 s and a FastResume one in 2 s, divided by the time scale', () => {
    const slow = start(endpoint({ status: 'Disabled' }), 'resume').endpoint;
    expect(readEndpoint(slow, T0 + 4_999).status).toBe('Running');
    expect(readEndpoint(slow, T0 + 5_000).status).toBe('Succeeded');

    const fast = start(endpoint({ status: 'Disabled', kind: 'FastResume' }), 'resume').endpoint;
    expect(readEndpoint(fast, T0 + 1_999).status).toBe('Running');
    expect(readEndpoint(fast, T0 + 2_000).status).toBe('Succeeded');

    const scaled = start(endpoint({ status: 'Disabled' }), 'resume', 10).endpoint;
    expect(readEndpoint(scaled, T0 + 499).status).toBe('Running');
    expect(readEndpoint(scaled, T0 + 500).status).toBe('Succeeded');
  });

  it('uses per-endpoint durations when set', () => {
    const custom = start(endpoint({ suspendSeconds: 30 }), 'suspend').endpoint;
    expect(readEndpoint(custom, T0 + 29_999).status).toBe('Disabling');
    expect(readEndpoint(custom, T0 + 30_000).status).toBe('Disabled');
  });

  it('settles a finished transition into the endpoint status, keeping when it was entered', () => {
    const suspending = start(endpoint(), 'suspend').endpoint;
    expect(settleEndpoint(suspending, T0 + 1_000)).toBe(suspending);
    const settled = settleEndpoint(suspending, T0 + 10_000);
    expect(settled.transition).toBeUndefined();
    expect(settled).toMatchObject({ status: 'Disabled', statusSinceMs: T0 + 2_000 });
  });

  it('allows suspend only from Succeeded and resume only from Disabled, naming the status otherwise', () => {
    expect(refusalOf('suspend', 'Succeeded')).toBeUndefined();
    expect(refusalOf('resume', 'Disabled')).toBeUndefined();
    for (const status of ['NotStarted', 'Running', 'Failed', 'Disabling', 'Disabled'] as const) {
      expect(refusalOf('suspend', status)).toContain(status);
    }
    for (const status of ['NotStarted', 'Running', 'Succeeded', 'Failed', 'Disabling'] as const) {
      expect(refusalOf('resume', status)).toContain(status);
    }
  });

  it('reports an operation cut short as Failed from that moment', () => {
    const { operation } = start(endpoint(), 'suspend');
    const cut = { ...operation, failedAtMs: T0 + 500 };
    expect(readVoiceOperation(cut, T0 + 499)).toBe('Running');
    expect(readVoiceOperation(cut, T0 + 500)).toBe('Failed');
    expect(readVoiceOperation(cut, T0 + 60_000)).toBe('Failed');
  });
});

describe('timed progressions of Face operations and QnA jobs', () => {
  it('goes notStarted -> running (after at most one simulated second) -> final', () => {
    const timeline = planProgression(
      { status: 'notStarted', finalStatus: 'failed', completeAfterSeconds: 10 },
      FACE_VOCABULARY,
      T0,
      1,
    );
    expect(readTimeline(timeline, T0)).toEqual({ status: 'notStarted', sinceMs: T0 });
    expect(readTimeline(timeline, T0 + 1_000)).toEqual({ status: 'running', sinceMs: T0 + 1_000 });
    expect(readTimeline(timeline, T0 + 9_999).status).toBe('running');
    expect(readTimeline(timeline, T0 + 10_000)).toEqual({ status: 'failed', sinceMs: T0 + 10_000 });
  });

  it('starts running halfway when completion comes sooner than a second, and scales with the time scale', () => {
    const timeline = planProgression(
      { status: 'notStarted', finalStatus: 'succeeded', completeAfterSeconds: 1 },
      FACE_VOCABULARY,
      T0,
      4,
    );
    expect(readTimeline(timeline, T0 + 124).status).toBe('notStarted');
    expect(readTimeline(timeline, T0 + 125).status).toBe('running');
    expect(readTimeline(timeline, T0 + 250).status).toBe('succeeded');
  });

  it('stays in a final status given as the current one', () => {
    const timeline = planProgression(
      { status: 'succeeded', finalStatus: 'failed', completeAfterSeconds: 1 },
      FACE_VOCABULARY,
      T0,
      1,
    );
    expect(readTimeline(timeline, T0 + 3_600_000)).toEqual({ status: 'succeeded', sinceMs: T0 });
  });
});
