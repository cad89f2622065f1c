import type { StatusReading } from '../../clients/types.js';
import { defineKind, type KindSteps } from '../../engine/kind.js';
import { createCustomVoiceClient } from './client.js';
import { interpretCustomVoiceOperation } from './interpret.js';
import type { CustomVoiceOperation } from './schemas.js';
import {
  OPERATION_KIND,
  customVoiceOperationTargetSchema,
  type CustomVoiceOperationTarget,
} from './target.js';

/** Follows a custom voice operation someone else started (Operations - Get). */
const checkSteps: KindSteps<CustomVoiceOperationTarget, StatusReading<CustomVoiceOperation>> = {
  upstreamIdOf: (target) => target.operationId,
  read: ({ target, resource }) => createCustomVoiceClient(resource).getOperation(target.operationId),
  interpret: (reading) => interpretCustomVoiceOperation(reading),
};

export const customVoiceOperationKind = defineKind<CustomVoiceOperationTarget>({
  name: OPERATION_KIND,
  targetSchema: customVoiceOperationTargetSchema,
  describe: (target) => `custom voice operation ${target.operationId}`,
  actions: { 'status-check': checkSteps },
});
