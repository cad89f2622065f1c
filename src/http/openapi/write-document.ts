import { writeFileSync } from 'node:fs';
import { openApiDocumentText } from './document.js';

/** `npm run openapi`: writes the document to `docs/openapi.json` (a test fails while it is out of date). */
const file = new URL('../../../docs/openapi.json', import.meta.url);
writeFileSync(file, openApiDocumentText());
console.log(`Wrote ${file.pathname}`);
