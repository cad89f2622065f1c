#!/usr/bin/env node
// `npx cogops ...` from a clone after `npm ci`: runs the TypeScript CLI through tsx, no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
