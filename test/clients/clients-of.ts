import type { AiResource } from '../../src/clients/types.js';
import { createCustomVoiceClient } from '../../src/kinds/customvoice/client.js';
import { createFaceClient } from '../../src/kinds/face/client.js';
import { createQnaClient } from '../../src/kinds/qna/client.js';

/** The three services' clients over one resource, as the kinds build them. */
export function clientsOf(resource: AiResource) {
  return {
    customVoice: createCustomVoiceClient(resource),
    face: createFaceClient(resource),
    qna: createQnaClient(resource),
  };
}
export type ResourceClients = ReturnType<typeof clientsOf>;
