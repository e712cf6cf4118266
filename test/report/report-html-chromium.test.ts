import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportService } from '../../src/report/create-report-service.js';
import { openLowdbStore } from '../../src/storage/open-lowdb-store.js';
import { renderReportHtml } from '../../adapters/report/render-report-html.js';
import { handBuiltReleases } from './report-fixtures.js';
import { seedStore } from './seed-store.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`SKIPPED the HTML report browser test: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it).`);

const root = path.resolve(import.meta.dirname, '../..');
const outputDir = path.join(root, 'test-output');

async function reportFile(dir: string, name: string, seed: number): Promise<string> {
  const dataDir = path.join(dir, name);
  if (seed > 0) await seedStore(dataDir, handBuiltReleases().slice(0, seed));
  const store = await openLowdbStore({ dataDir });
  try {
    const clock = { now: () => new Date('2026-04-01T00:00:00Z') };
    const reports = createReportService({ store, clock, timeZone: 'UTC', report: { failureCost: 1000, failureCostByModel: {}, onTimeToleranceMs: 3_600_000 } });
    const file = path.join(dir, `${name}.html`);
    await writeFile(file, renderReportHtml(await reports.fullReport({})));
    return file;
  } finally {
    await store.close();
  }
}

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  const problems: string[] = [];

  async function open(file: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return page;
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'report-html-'));
    context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1200, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart with the right number of bars, without console errors', async () => {
    problems.length = 0;
    const page = await open(await reportFile(dir, 'six', 6));
    // Hotfix and Minor both have deployments with a known outcome.
    const failureBars = page.locator('#failure-rate svg rect.bar');
    expect(await failureBars.count()).toBe(2);
    expect(await failureBars.evaluateAll((els) => els.map((el) => el.getAttribute('data-label')))).toEqual(['Hotfix', 'Minor']);
    // Weeks from 23 Feb to 30 Mar: six slots, deployments only in the weeks of 2 and 9 March.
    expect(await page.locator('#lead-time svg text.label').count()).toBe(6);
    expect(await page.locator('#lead-time svg rect.bar').count()).toBe(2);
    // One bar per step: five hotfix steps, three minor steps.
    expect(await page.locator('#skip-rates figure[data-model="hotfix"] rect.bar').count()).toBe(5);
    expect(await page.locator('#skip-rates figure[data-model="minor"] rect.bar').count()).toBe(3);
    for (const svg of await page.locator('svg.chart').all()) {
      const box = await svg.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(box?.height).toBeGreaterThan(20);
    }
    // Hotfix fails 2 of 3 (67%), Minor 1 of 1 (100%): the Minor bar is the taller one and is really painted.
    const [hotfix, minor] = await failureBars.all();
    const hotfixBox = await hotfix!.boundingBox();
    const minorBox = await minor!.boundingBox();
    expect(hotfixBox!.height).toBeGreaterThan(10);
    expect(minorBox!.height / hotfixBox!.height).toBeCloseTo(1.5, 1);
    await expect(page.locator('#insights li').first().textContent()).resolves.toMatch(/\S/);
    // The ELS result per model: Hotfix met 1 of 3 with 3 incidents; Minor has none recorded.
    const heads = await page.locator('table.models th').allTextContents();
    const cells = async (name: string) => page.locator('table.models tr', { has: page.locator(`td:text-is("${name}")`) }).locator('td').allTextContents();
    const col = heads.indexOf('ELS exit criteria met');
    expect((await cells('Hotfix')).slice(col, col + 2)).toEqual(['33% (1/3)', '1 (3 in 3)']);
    expect((await cells('Minor')).slice(col, col + 2)).toEqual(['–', '–']);
    await mkdir(outputDir, { recursive: true });
    await page.screenshot({ path: path.join(outputDir, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('draws one bar per chart for a single release', async () => {
    problems.length = 0;
    const page = await open(await reportFile(dir, 'one', 1));
    expect(await page.locator('#failure-rate svg rect.bar').count()).toBe(1);
    expect(await page.locator('#lead-time svg rect.bar').count()).toBe(1);
    expect(await page.locator('#skip-rates figure rect.bar').count()).toBe(5);
    expect(await page.locator('#failures .empty').textContent()).toBe('No failed releases in this period.');
    expect(problems).toEqual([]);
  });

  it('shows a plain empty report for no releases', async () => {
    problems.length = 0;
    const page = await open(await reportFile(dir, 'empty', 0));
    expect(await page.locator('#insights li').allTextContents()).toEqual(['No releases so far.']);
    expect(await page.locator('svg.chart').count()).toBe(0);
    expect(await page.locator('#failure-rate .empty').textContent()).toBe('No deployments with a known outcome yet.');
    await page.screenshot({ path: path.join(outputDir, 'report-empty.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
