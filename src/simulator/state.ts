import type { SimEndpoint, VoiceOperation } from './custom-voice/model.js';
import {
  DEFAULT_ANALYZE_PLAN,
  type AnalyzeRecord,
  type AnalyzeStatus,
} from './document-intelligence/model.js';
import type { JobPlanDefaults } from './long-running/job-plan.js';
import { DEFAULT_TEXT_JOB_PLAN, type TextJobRecord, type TextJobStatus } from './text-analysis/model.js';
import {
  DEFAULT_BATCH_PLAN,
  type TranslationBatchRecord,
  type TranslationStatus,
} from './translator/model.js';
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
  /** Document Intelligence analyze operations by lower-case result id. */
  documentAnalyses: Map<string, AnalyzeRecord>;
  /** Document translation batches by lower-case batch id. */
  translationBatches: Map<string, TranslationBatchRecord>;
  /** Language analyze-text jobs by lower-case job id. */
  textAnalysisJobs: Map<string, TextJobRecord>;
  /** How operations started from now on by each start route progress (`PUT /_simulator/.../defaults`). */
  nextPlans: {
    documentintelligence: JobPlanDefaults<AnalyzeStatus>;
    translator: JobPlanDefaults<TranslationStatus>;
    textanalysis: JobPlanDefaults<TextJobStatus>;
  };
}

function defaultPlans(): SimulatorState['nextPlans'] {
  return {
    documentintelligence: { ...DEFAULT_ANALYZE_PLAN },
    translator: { ...DEFAULT_BATCH_PLAN },
    textanalysis: { ...DEFAULT_TEXT_JOB_PLAN },
  };
}

export function emptyState(): SimulatorState {
  return {
    endpoints: new Map(),
    voiceOperations: new Map(),
    faceOperations: new Map(),
    qnaProjects: new Map(),
    documentAnalyses: new Map(),
    translationBatches: new Map(),
    textAnalysisJobs: new Map(),
    nextPlans: defaultPlans(),
  };
}

/** Forgets everything, keeping the same maps (routes hold references to them). */
export function clearState(state: SimulatorState): void {
  state.endpoints.clear();
  state.voiceOperations.clear();
  state.faceOperations.clear();
  state.qnaProjects.clear();
  state.documentAnalyses.clear();
  state.translationBatches.clear();
  state.textAnalysisJobs.clear();
  state.nextPlans = defaultPlans();
}

/** What the routes need besides the state. */
export interface SimulatorContext {
  state: SimulatorState;
  /** Progressions run this many times faster than the simulated seconds say. */
  timeScale: number;
}
