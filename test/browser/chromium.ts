import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's `chromium` package, or CHROMIUM_PATH; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}

export interface RunningBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Headless Chromium with a fresh profile and nothing that phones home (no QUIC, no background
 * networking, no component updates, no sync), so a test talks only to its loopback host.
 */
export async function launchChromium(): Promise<RunningBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('No Chromium: run npm run test:browser for the hint.');
  const userDataDir = mkdtempSync(join(tmpdir(), 'cogops-chromium-'));
  // A persistent context is how Playwright takes a --user-data-dir: a fresh one per run.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
