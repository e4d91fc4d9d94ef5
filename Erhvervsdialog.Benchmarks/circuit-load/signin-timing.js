// Sign-in → Overblik interactive on a warm app: submit the sign-in form and wait until the start page's circuit is up
// and its unit × month table is there. One warm-up, then SAMPLES timed sign-ins, each in a fresh browser context.
'use strict';
const path = require('path');
const { chromium } = require(path.join(process.env.CIRCUIT_LOAD_TOOL, 'node_modules', 'playwright-core'));
const [url, samples] = [process.argv[2], Number(process.argv[3] ?? 10)];
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error('loopback URL only: ' + url);
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--proxy-server=http://127.0.0.1:9'] });
  const times = [];
  try {
    for (let i = 0; i <= samples; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(30000);
      await page.goto(url + '/log-ind');
      await page.fill('#username', process.env.CL_USER);
      await page.fill('#password', process.env.CL_PASS);
      const started = Date.now();
      await page.click('[data-testid=sign-in]');
      await page.waitForSelector('[data-interactive=true] [data-testid=unit-months]');
      if (i > 0) times.push(Date.now() - started);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  console.log(`sign-in → Overblik interactive (warm, ${times.length} sign-ins): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${times[times.length - 1]} ms`);
})().catch((e) => { console.error(e); process.exit(1); });
