import type { SimEndpoint, VoiceOperation } from './custom-voice/model.js';
import type { FaceOperationRecord } from './face/model.js';
import type { QnaJobRecord } from './qna/model.js';

/** Everything the simulated services hold, in memory, keyed by normalised id. */
export interface SimulatorState {
  /** Custom voice endpoints by lower-case UUID. */
  endpoints: Map<string, SimEndpoint>;
  /** Suspend/resume operations by `Operation-Id` (case-sensitive, as sent). */
  voiceOperations: Map<string, VoiceOperation>;
  /** Face operations by lower-case UUID. */
  faceOperations: Map<string, FaceOperationRecord>;
  /** QnA jobs by project name, then job id. */
  qnaProjects: Map<string, Map<string, QnaJobRecord>>;
}

export function emptyState(): SimulatorState {
  return {
    endpoints: new Map(),
    voiceOperations: new Map(),
    faceOperations: new Map(),
    qnaProjects: new Map(),
  };
}

/** Forgets everything, keeping the same maps (routes hold references to them). */
export function clearState(state: SimulatorState): void {
  state.endpoints.clear();
  state.voiceOperations.clear();
  state.faceOperations.clear();
  state.qnaProjects.clear();
}

/** What the routes need besides the state. */
export interface SimulatorContext {
  state: SimulatorState;
  /** Progressions run this many times faster than the simulated seconds say. */
  timeScale: number;
}
