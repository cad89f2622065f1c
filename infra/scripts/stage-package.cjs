// Stages the Functions deployment package in dist/azure-package/ (azure.yaml `dist`); azd runs it as the
// service's prepackage hook and then zips that folder. It holds the compiled app from `npm run build`,
// host.json, package.json, the lock file and the production dependencies only: nothing from src/,
// test/ or the dev dependencies is shipped. (CommonJS so it runs with plain `node` and stays out of the
// type-aware lint of the ESM sources.)
'use strict';
const { execFileSync } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..', '..');
const stage = join(root, 'dist', 'azure-package');
const windows = process.platform === 'win32';
const npm = (args, cwd) =>
  execFileSync(windows ? 'npm.cmd' : 'npm', args, { cwd, stdio: 'inherit', shell: windows });

const { main } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Always build first. azd runs this prepackage hook after its restore (`npm install`) but *before* its own
// `npm run build`, which it only runs inside the package step; skipping the build whenever dist/ exists
// would stage (and deploy) whatever an earlier build left there. dist/src is emptied first so that output
// of since-deleted sources is not shipped either (tsc never removes files).
rmSync(join(root, 'dist', 'src'), { recursive: true, force: true });
npm(['run', 'build'], root);
if (!existsSync(join(root, main))) throw new Error(`npm run build did not produce ${main}`);

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
cpSync(join(root, 'dist', 'src'), join(stage, 'dist', 'src'), { recursive: true });
for (const file of ['host.json', 'package.json', 'package-lock.json'])
  cpSync(join(root, file), join(stage, file));

// --omit=dev: only what the app imports at run time. --ignore-scripts: no dependency's install script
// runs on the build machine. No dependency has native code, so a package built on any OS runs on Linux.
npm(['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], stage);
console.log(`Staged the deployment package in ${stage}`);
