import { createKindRegistry } from '../engine/kind-registry.js';
import { azureOperationKind } from './azure-operation/kind.js';
import { customVoiceEndpointKind } from './customvoice/endpoint-kind.js';
import { customVoiceOperationKind } from './customvoice/operation-kind.js';
import { faceOperationKind } from './face/kind.js';
import { qnaJobKind } from './qna/kind.js';

/**
 * The operation kinds this app knows: one line per kind, each kind one folder (see the README,
 * "Adding an operation kind"). The order is the order of the schemas' alternatives.
 */
export const operationKinds = createKindRegistry([
  customVoiceEndpointKind,
  customVoiceOperationKind,
  faceOperationKind,
  qnaJobKind,
  azureOperationKind,
]);
