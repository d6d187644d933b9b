// Opens every page of a built site in a real browser and fails on anything
// a reader would see broken.
//
//   node check-site.mjs SITE_DIR SCREENSHOT_DIR
//
// The site is served by a small static server on 127.0.0.1 (an ephemeral
// port) under the sub-path /noise-report/, as a project page would be, so a
// link that starts with `/` shows up as a 404. Every page is opened in
// Debian's chromium (headless, through playwright-core; no browser is
// downloaded). A failure is any failed request, any response with status
// 400 or more, any console error or uncaught exception, and any image that
// did not decode or takes no space on the page. Every same-site link, every
// download and every figures/*.svg is fetched too.
//
// Writes index.png and one experiment chapter (baseline.png, or the second
// page) to SCREENSHOT_DIR. Prints `browser: N pages, M requests, F failures`
// and exits with 1 on any failure, 2 on bad arguments or a missing browser.

import { createServer } from 'node:http';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';

const BASE = '/noise-report/';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.png': 'image/png',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
};

const [siteArg, screenshotArg] = process.argv.slice(2);
if (!siteArg || !screenshotArg) {
  console.error('usage: node check-site.mjs SITE_DIR SCREENSHOT_DIR');
  process.exit(2);
}
const siteDir = path.resolve(siteArg);
const screenshotDir = path.resolve(screenshotArg);

const failures = [];
const fail = (message) => {
  failures.push(message);
  console.error(`FAIL ${message}`);
};

// Every file below `dir`, as paths relative to it with `/` separators.
async function listFiles(dir, prefix = '') {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) {
      files.push(...(await listFiles(path.join(dir, entry.name), `${relative}/`)));
    } else {
      files.push(relative);
    }
  }
  return files.sort();
}

// The static server: SITE_DIR under BASE, 404 everywhere else.
let served = 0;
const server = createServer(async (request, response) => {
  served += 1;
  const notFound = () => {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end(`not found: ${request.url}\n`);
  };
  const url = new URL(request.url, 'http://127.0.0.1');
  if (!url.pathname.startsWith(BASE)) {
    return notFound();
  }
  let relative;
  try {
    relative = decodeURIComponent(url.pathname.slice(BASE.length));
  } catch {
    return notFound();
  }
  if (relative === '' || relative.endsWith('/')) {
    relative += 'index.html';
  }
  const file = path.resolve(siteDir, relative);
  if (!file.startsWith(siteDir + path.sep)) {
    return notFound();
  }
  try {
    if (!(await stat(file)).isFile()) {
      return notFound();
    }
    const body = await readFile(file);
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'content-length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  } catch {
    notFound();
  }
});

async function main() {
  const files = await listFiles(siteDir);
  const pages = files.filter((file) => file.endsWith('.html'));
  if (!pages.includes('index.html')) {
    fail(`${siteDir} has no index.html`);
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const root = `${origin}${BASE}`;

  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (error) {
    console.error(`cannot load playwright-core (run npm install in tests/browser): ${error.message}`);
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  await mkdir(screenshotDir, { recursive: true });
  const shotOf = pages.includes('baseline.html')
    ? 'baseline.html'
    : pages.find((page) => page !== 'index.html');

  // Same-site URLs found in the pages, fetched once each afterwards.
  const linked = new Set();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const pageName of pages) {
      const page = await context.newPage();
      const url = root + pageName;
      page.on('requestfailed', (request) =>
        fail(`${pageName}: request failed: ${request.url()} (${request.failure()?.errorText})`),
      );
      page.on('response', (response) => {
        if (response.status() >= 400) {
          fail(`${pageName}: ${response.url()} answered ${response.status()}`);
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error') {
          const where = message.location()?.url;
          // Chromium asks for /favicon.ico by itself; the layout declares no
          // icon, and the domain root is not the site's to serve.
          if (where === `${origin}/favicon.ico`) {
            return;
          }
          fail(`${pageName}: console error: ${message.text()}${where ? ` (${where})` : ''}`);
        }
      });
      page.on('pageerror', (error) => fail(`${pageName}: uncaught ${error.message}`));

      const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
      if (!response || response.status() !== 200) {
        fail(`${pageName}: page answered ${response?.status()}`);
      }

      // Every image decoded and takes room on the page.
      const images = await page.$$eval('img', (elements) =>
        elements.map((image) => {
          const box = image.getBoundingClientRect();
          return {
            src: image.getAttribute('src'),
            inFigure: image.closest('figure') !== null,
            complete: image.complete,
            naturalWidth: image.naturalWidth,
            width: box.width,
            height: box.height,
          };
        }),
      );
      for (const image of images) {
        if (!image.complete || image.naturalWidth === 0) {
          fail(`${pageName}: image ${image.src} did not decode`);
        }
        if (image.width === 0 || image.height === 0) {
          fail(`${pageName}: image ${image.src} is ${image.width}x${image.height} on the page`);
        }
      }
      const emptyFigures = await page.$$eval('figure', (figures) =>
        figures
          .filter((figure) => {
            const box = figure.getBoundingClientRect();
            return box.width === 0 || box.height === 0;
          })
          .map((figure) => figure.id || figure.outerHTML.slice(0, 80)),
      );
      for (const figure of emptyFigures) {
        fail(`${pageName}: figure ${figure} takes no room`);
      }

      const hrefs = await page.$$eval('a[href], link[href]', (links) =>
        links.map((link) => link.href),
      );
      // Off-site links are not fetched: the check runs offline.
      for (const href of hrefs) {
        const target = new URL(href);
        if (target.origin === origin) {
          target.hash = '';
          linked.add(target.href);
        }
      }

      if (pageName === 'index.html') {
        await page.screenshot({ path: path.join(screenshotDir, 'index.png'), fullPage: true });
      }
      if (pageName === shotOf) {
        const name = `${path.basename(pageName, '.html')}.png`;
        await page.screenshot({ path: path.join(screenshotDir, name), fullPage: true });
      }
      await page.close();
    }
    await context.close();
  } finally {
    await browser.close();
  }

  // Downloads, figures and every same-site link, fetched as a reader would.
  for (const file of files) {
    if (file.startsWith('figures/') && file.endsWith('.svg')) {
      linked.add(root + file);
    }
  }
  for (const name of ['results.json', 'results.csv']) {
    linked.add(root + name);
  }
  for (const url of [...linked].sort()) {
    const response = await fetch(url);
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) {
      fail(`${url} answered ${response.status}`);
      continue;
    }
    if (body.length === 0) {
      fail(`${url} is empty`);
    }
    if (url.endsWith('.svg') && !/^\s*(<\?xml|<svg)/.test(body.toString('utf8', 0, 200))) {
      fail(`${url} does not start like an SVG`);
    }
    if (url.endsWith('.json')) {
      try {
        JSON.parse(body.toString('utf8'));
      } catch (error) {
        fail(`${url} is not JSON: ${error.message}`);
      }
    }
  }

  await new Promise((resolve) => server.close(resolve));
  console.log(`browser: ${pages.length} pages, ${served} requests, ${failures.length} failures`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(`browser check crashed: ${error.stack ?? error}`);
  process.exit(1);
});
