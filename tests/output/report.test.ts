import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from '../../src/output/report.ts';
import { assertWellFormed } from './svg-check.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'small-run');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function reportOf(): { dir: string; file: string; html: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const file = writeReport(dir);
  return { dir, file, html: readFileSync(file, 'utf8') };
}

describe('the HTML report, as text', () => {
  it('is self-contained: no scripts, no external resources, charts inline, model and summary included', () => {
    const { html } = reportOf();
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(/i);
    // The only URL is the SVG namespace, an identifier that is never fetched.
    expect([...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0])).toEqual(Array(3).fill('http://www.w3.org/2000/svg'));
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('dcpsim run: small');
    expect(html).toContain('import_cap: 40 kW'); // model.yaml
    expect(html).toContain('from grid (grid)'); // the summary table
    expect(html).toContain('1.793'); // grid energy, MWh, from summary.json
    for (const m of html.matchAll(/<svg [\s\S]*?<\/svg>/g)) assertWellFormed(m[0]);
  });

  it('escapes text from the folder (a model can say anything)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcpsim-report-'));
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'model.yaml'), 'name: "<script>alert(1)</script>"\n');
    const html = readFileSync(writeReport(dir), 'utf8');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

interface ChartInfo {
  width: number;
  paths: { length: number; inside: boolean }[];
  xmlError: boolean;
  texts: number;
}

/** Run in the page (as text: the project's types have no DOM): each chart's size, paths, and an XML re-parse. */
const INSPECT = `[...document.querySelectorAll('figure svg')].map((svg) => {
  const area = svg.querySelector('rect.plot-area').getBoundingClientRect();
  const paths = [...svg.querySelectorAll('path')].map((p) => {
    const b = p.getBoundingClientRect();
    return {
      length: p.getTotalLength(),
      inside: b.left >= area.left - 0.5 && b.right <= area.right + 0.5 && b.top >= area.top - 0.5 && b.bottom <= area.bottom + 0.5,
    };
  });
  // Re-parse the chart as XML: the browser's own well-formedness check.
  const parsed = new DOMParser().parseFromString(new XMLSerializer().serializeToString(svg), 'image/svg+xml');
  return {
    width: svg.getBoundingClientRect().width,
    paths,
    xmlError: parsed.getElementsByTagName('parsererror').length > 0,
    texts: svg.querySelectorAll('text').length,
  };
})`;

// The browser test runs wherever chromium is installed, and always in CI (.ci/run installs it): there a missing browser fails.
const haveChromium = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
if (!haveChromium && !inCi) {
  console.warn(`tests/output/report.test.ts: browser test skipped: ${CHROMIUM} not found (apt-get install -y chromium); CI runs it`);
}

describe.skipIf(!haveChromium && !inCi)('the HTML report in headless chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every chart with non-empty paths inside the plot area, with no console errors or network requests', async () => {
    const { file } = reportOf();
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    const charts = await page.evaluate<ChartInfo[]>(INSPECT);
    await page.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    expect(charts).toHaveLength(3);
    for (const c of charts) {
      expect(c.width).toBeGreaterThan(300);
      expect(c.xmlError).toBe(false);
      expect(c.texts).toBeGreaterThan(10);
      expect(c.paths.length).toBeGreaterThan(0);
      for (const p of c.paths) {
        expect(p.length).toBeGreaterThan(0);
        expect(p.inside).toBe(true);
      }
    }
  }, 60_000);
});
