import type { SimEndpoint } from './custom-voice/model.js';
import {
  DEFAULT_FACE_COMPLETE_AFTER_SECONDS,
  FACE_VOCABULARY,
  type FaceOperationRecord,
} from './face/model.js';
import {
  DEFAULT_QNA_COMPLETE_AFTER_SECONDS,
  DEFAULT_QNA_EXPIRES_AFTER_SECONDS,
  QNA_VOCABULARY,
  type QnaJobRecord,
} from './qna/model.js';
import type { SimulatorState } from './state.js';
import { planProgression, scaledDurationInMs } from './timeline.js';

/** The resources of the published examples (docs/simulator.md#seed-resources), present in a seeded simulator. */
export const SEED = {
  endpointId: '9f50c644-2121-40e9-9ea7-544e48bfe3cb',
  faceOperationId: 'a63a3bdd-a1db-4d05-87b8-dbad6850062a',
  qnaProject: 'proj1',
  qnaJob: 'job1',
} as const;

/** The Jessica endpoint as the custom voice examples show it. */
const JESSICA = {
  description: 'Endpoint for Jessica voice',
  projectId: 'Jessica',
  modelId: 'Jessica',
  kind: 'HighPerformance',
  createdDateTime: '2023-04-01T05:30:00.000Z',
  lastActionDateTime: '2023-04-02T10:15:30.000Z',
} as const;

/** The snapshot the Face take example ends with. */
const SEED_SNAPSHOT_LOCATION = '/snapshots/e58b3f08-1e8b-4165-81df-aa9858f233dc';

/**
 * Adds the seed resources: the Jessica endpoint, active; the Face operation and the QnA job, both
 * starting now and succeeding a few simulated seconds later.
 */
export function seedState(state: SimulatorState, nowMs: number, timeScale: number): void {
  const endpoint: SimEndpoint = {
    id: SEED.endpointId,
    description: JESSICA.description,
    projectId: JESSICA.projectId,
    modelId: JESSICA.modelId,
    kind: JESSICA.kind,
    createdAtMs: Date.parse(JESSICA.createdDateTime),
    status: 'Succeeded',
    statusSinceMs: Date.parse(JESSICA.lastActionDateTime),
  };
  state.endpoints.set(endpoint.id, endpoint);

  const faceOperation: FaceOperationRecord = {
    id: SEED.faceOperationId,
    createdAtMs: nowMs,
    timeline: planProgression(
      {
        status: 'notStarted',
        finalStatus: 'succeeded',
        completeAfterSeconds: DEFAULT_FACE_COMPLETE_AFTER_SECONDS,
      },
      FACE_VOCABULARY,
      nowMs,
      timeScale,
    ),
    resourceLocation: SEED_SNAPSHOT_LOCATION,
    message: 'The snapshot could not be taken.',
  };
  state.faceOperations.set(faceOperation.id, faceOperation);

  const job: QnaJobRecord = {
    projectName: SEED.qnaProject,
    jobId: SEED.qnaJob,
    createdAtMs: nowMs,
    expiresAtMs: nowMs + scaledDurationInMs(DEFAULT_QNA_EXPIRES_AFTER_SECONDS, timeScale),
    timeline: planProgression(
      {
        status: 'notStarted',
        finalStatus: 'succeeded',
        completeAfterSeconds: DEFAULT_QNA_COMPLETE_AFTER_SECONDS,
      },
      QNA_VOCABULARY,
      nowMs,
      timeScale,
    ),
  };
  state.qnaProjects.set(SEED.qnaProject, new Map([[SEED.qnaJob, job]]));
}
