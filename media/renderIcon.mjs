// Renders media/icon.png (128×128, the Marketplace and Extensions view icon) from media/fanout.svg:
// the activity bar glyph drawn white on a rounded square. Uses headless Chromium through
// playwright-core (Debian's /usr/bin/chromium, or FANOUT_CHROMIUM); nothing is downloaded.
//   node media/renderIcon.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = 128;
const BACKGROUND = '#2b3a67';
const glyph = readFileSync(join(here, 'fanout.svg'), 'utf8')
  .replace(/width="24" height="24"/, 'width="88" height="88"')
  .replace('stroke="currentColor"', 'stroke="#ffffff"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div id="icon" style="width:${SIZE}px;height:${SIZE}px;border-radius:24px;background:${BACKGROUND};display:flex;align-items:center;justify-content:center">${glyph}</div>
</body></html>`;

const browser = await chromium.launch({ executablePath: process.env.FANOUT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(html);
  const out = join(here, 'icon.png');
  await page.locator('#icon').screenshot({ path: out, omitBackground: true });
  console.log(`${out}: ${SIZE}×${SIZE}`);
} finally {
  await browser.close();
}
