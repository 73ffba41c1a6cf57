// Drives a real headless Chromium against `briefc serve`: the page must
// reload by itself after a section is saved, show the errors of a broken
// save over the page, and drop them once the file is fixed.
//
// usage: node reload.mjs URL SECTION_FILE
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [url, section] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

async function saveAndWait(page, text, check, what) {
  const started = Date.now();
  writeFileSync(section, text);
  // Generous: the whole test suite shares the machine's cores meanwhile.
  await page.waitForFunction(check, null, { timeout: 30000, polling: 20 });
  const ms = Date.now() - started;
  console.log(`${what}: ${ms} ms after the save`);
  return ms;
}

try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.body.innerText.includes('Opening claim.'));

  const revised = await saveAndWait(
    page,
    '# First\n\nA claim revised in the browser test.[^31] A named note.[^named]\n',
    () => document.body.innerText.includes('A claim revised in the browser test.'),
    'new text visible',
  );
  await saveAndWait(
    page,
    '# First\n\nBroken.[^missing] A named note.[^named]\n',
    () => document.getElementById('briefc-overlay')?.innerText.includes('undefined-footnote'),
    'error overlay visible',
  );
  const overlay = await page.locator('#briefc-overlay').innerText();
  if (!overlay.includes('briefings/report/a.md:3:8')) {
    throw new Error(`the overlay does not name the place:\n${overlay}`);
  }
  await saveAndWait(
    page,
    '# First\n\nFixed again.[^31] A named note.[^named]\n',
    () => !document.getElementById('briefc-overlay') && document.body.innerText.includes('Fixed again.'),
    'overlay gone',
  );
  if (revised > 1000) {
    throw new Error(`the page took ${revised} ms to show the change`);
  }
  console.log('ok');
} finally {
  await browser.close();
}
