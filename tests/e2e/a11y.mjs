// Checks built pages for accessibility with axe-core in headless Chromium
// and fails on any serious or critical violation.
//
// usage: node a11y.mjs PAGE.html [PAGE.html ...]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const pages = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
let failures = 0;
try {
  for (const file of pages) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(async () => await window.axe.run(document));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of bad) {
      failures += 1;
      console.log(`${file}: ${v.impact} ${v.id}: ${v.help}`);
      for (const node of v.nodes.slice(0, 3)) console.log(`    ${node.target.join(' ')}`);
    }
    const minor = result.violations.length - bad.length;
    console.log(`${file}: ${bad.length} serious or critical, ${minor} minor, ${result.passes.length} rules passed`);
    await page.close();
  }
} finally {
  await browser.close();
}
process.exit(failures === 0 ? 0 : 1);
