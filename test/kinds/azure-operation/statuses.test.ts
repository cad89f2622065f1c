import { describe, expect, it } from 'vitest';
import { AiServiceError } from '../../../src/clients/errors.js';
import { mapAzureOperationStatus as mapStatusWord } from '../../../src/kinds/azure-operation/statuses.js';
import { definition, readFixture, type SwaggerDocument } from '../../simulator/swagger-check.js';

/** The published enums (test/fixtures/azure-specs), so the words under test are the services', not ours. */
const enumOf = (file: string, name: string) =>
  definition(readFixture<SwaggerDocument>(file), name).enum as string[];

const DOCUMENT_INTELLIGENCE = enumOf(
  'documentintelligence/2024-11-30/DocumentIntelligence.extract.json',
  'DocumentIntelligenceOperationStatus',
).filter((word) => word !== 'skipped'); // a batch document's status, never an analyze operation's
const TRANSLATOR = enumOf('translator/2024-05-01/openapi.extract.json', 'Status');
const LANGUAGE = enumOf('language/2023-04-01/analyzetext.extract.json', 'State');
const AZURE_CORE = ['NotStarted', 'Running', 'Succeeded', 'Failed', 'Canceled'];

/** What each word means for the product: on its way, done, failed, or canceled (issue 9, docs/design.md#contracts-the-product-keeps). */
const MEANING: Record<string, string> = {
  notstarted: 'NotStarted',
  running: 'Running',
  cancelling: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  validationfailed: 'Failed',
  partiallycompleted: 'Failed',
  canceled: 'Canceled',
  cancelled: 'Canceled',
};

describe('status words of the Azure AI long-running operations', () => {
  it.each([
    ['Document Intelligence analyze', DOCUMENT_INTELLIGENCE, 5],
    ['Translator document batches', TRANSLATOR, 7],
    ['Language analyze-text jobs', LANGUAGE, 7],
    ['Azure Core operations', AZURE_CORE, 5],
  ])('understands every word of %s, keeping the service spelling', (_service, words, count) => {
    expect(words).toHaveLength(count);
    for (const word of words) {
      expect(mapStatusWord(word)).toEqual({ status: MEANING[word.toLowerCase()], upstreamStatus: word });
    }
  });

  it('matches words whatever their case', () => {
    expect(mapStatusWord('SUCCEEDED')).toEqual({ status: 'Succeeded', upstreamStatus: 'SUCCEEDED' });
    expect(mapStatusWord('validationfailed').status).toBe('Failed');
  });

  it.each(['skipped', 'Done', 'Completed', '', 'succeeded ', 'in progress'])(
    'refuses the unknown word %j with UnknownStatus, not retryable, as for the other kinds',
    (word) => {
      expect(() => mapStatusWord(word)).toThrow(AiServiceError);
      expect(() => mapStatusWord(word)).toThrow(
        expect.objectContaining({ code: 'UnknownStatus', retryable: false, service: 'azure-operation' }),
      );
    },
  );

  it('shortens a long unknown word in its message', () => {
    const word = 'x'.repeat(500);
    expect(() => mapStatusWord(word)).toThrow(/^[^]{0,200}$/);
  });
});
