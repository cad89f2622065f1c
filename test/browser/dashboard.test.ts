import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { finished, submitCommand, endpointTarget } from '../harness/operation-client.js';
import { postJson, useStandaloneHost } from '../harness/standalone.js';
import { launchChromium, type RunningBrowser } from './chromium.js';

/**
 * Issue 13, "Done when": the status page (`GET /api/dashboard`) in headless Chromium shows a suspend that
 * just finished and a schedule's next transition in its local time, read from the public API.
 */

const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/', import.meta.url));

const get = useStandaloneHost();
let chromium: RunningBrowser;
beforeAll(async () => {
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
});

interface Instant {
  utc: string;
  local: string;
}

describe('the status page', () => {
  it('shows the finished suspend, the next suspend and resume in local time, the active override and a savings chart', async () => {
    const suspend = await finished(
      get(),
      (await submitCommand(get(), { action: 'suspend', target: endpointTarget(SEED.endpointId) })).id,
    );
    expect(suspend.status).toBe('Succeeded');

    const put = await get().api('/api/schedules/office-hours', {
      ...postJson({
        targets: [{ alias: 'jessica' }],
        timeZone: 'America/New_York',
        suspendAt: '0 19 * * 1-5',
        resumeAt: '0 7 * * 1-5',
      }),
      method: 'PUT',
    });
    expect(put.status).toBe(201);
    const schedule = (await put.json()) as { next: { suspend: Instant; resume: Instant } };
    const until = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const override = await get().api(
      '/api/schedules/office-hours/overrides',
      postJson({ until, hold: 'suspended' }),
    );
    expect(override.status).toBe(201);
    const { id: overrideId } = (await override.json()) as { id: string };

    const page = await chromium.context.newPage();
    const response = await page.goto(`${get().host.url}/api/dashboard`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/^text\/html/);
    await page.waitForSelector('body[data-loaded]');
    await page.waitForSelector('#savings figure.chart');

    const row = page.locator(`tr[data-operation-id="${suspend.id}"]`);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('Succeeded');
    const rowText = await row.innerText();
    expect(rowText).toContain('suspend');
    expect(rowText).toContain('jessica');
    expect(rowText).toMatch(/\d+ (s|min) ago/);

    const scheduleRow = page.locator('tr[data-schedule="office-hours"]');
    expect(await scheduleRow.locator('td.transition time').nth(0).getAttribute('datetime')).toBe(
      schedule.next.suspend.local,
    );
    expect(await scheduleRow.locator('td.transition time').nth(1).getAttribute('datetime')).toBe(
      schedule.next.resume.local,
    );
    // The schedule's own wall clock (19:00 and 07:00 New York time), whatever the browser's zone.
    expect(await scheduleRow.innerText()).toMatch(/19:00 \(UTC-0[45]:00\)[\s\S]*07:00 \(UTC-0[45]:00\)/);

    expect(await page.locator(`tr[data-override-id="${overrideId}"]`).innerText()).toContain(
      'hold suspended',
    );
    const chart = page.locator('#savings figure.chart[data-endpoint="jessica"]');
    expect(await chart.locator('svg rect.bar').count()).toBe(7);
    expect(await chart.locator('figcaption').innerText()).toMatch(/jessica [\d.]+ h suspended in 30 days/);
    expect(await page.locator('#error').innerText()).toBe('');

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}dashboard.png`, fullPage: true });
  });

  it('shows the API error in the page when a request is refused', async () => {
    const page = await chromium.context.newPage();
    await page.route('**/api/schedules', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'Storage is down.' } }),
      }),
    );
    await page.goto(`${get().host.url}/api/dashboard`);
    await expect
      .poll(() => page.locator('#error [role=alert]').innerText(), { timeout: 30_000 })
      .toBe('503 ServiceUnavailable: Storage is down.');
  });
});
