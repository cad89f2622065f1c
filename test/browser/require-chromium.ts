/**
 * `npm run test:browser` starts here: without Chromium the browser tests cannot run, so say so in one
 * line instead of a stack trace. `.ci/run` installs it with apt when it is missing.
 */
import { chromiumPath } from './chromium.js';

const path = chromiumPath();
if (!path) {
  console.error(
    `No Chromium at ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}: install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}
