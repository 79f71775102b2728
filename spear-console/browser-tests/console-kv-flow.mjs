// Drives the console's Key-value page in Debian's headless Chromium (playwright-core) against a
// running SMS; started by ConsoleKvBrowserTest, which seeds namespace "notes" (keys todo/1..todo/60
// and "greeting" = "hello, kv") and a binary value "blob", and passes:
//   SPEAR_URL        the SMS base URL (the console is at /console/)
//   SPEAR_SHOTS_DIR  where the page's screenshot goes
//   CHROMIUM         the browser (default /usr/bin/chromium)
// It prints "STEP <name>" as it goes and "STEP done" at the end.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.SPEAR_URL.replace(/\/$/, '');
const shots = process.env.SPEAR_SHOTS_DIR;
const userDataDir = mkdtempSync(join(tmpdir(), 'spear-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
context.setDefaultTimeout(20_000);
const page = context.pages()[0] ?? await context.newPage();
const problems = [];
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('response', (r) => {
  if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
});

function step(name) {
  console.log(`STEP ${name}`);
}

try {
  step('namespaces');
  await page.goto(`${base}/console/`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Key-value', exact: true }).click();
  await page.locator('#kv-namespaces').getByRole('link', { name: 'notes' }).click();

  step('first page and more');
  await page.locator('#kv-count').filter({ hasText: '62 keys, 50 shown' }).waitFor();
  await page.getByRole('button', { name: 'More keys' }).click();
  await page.locator('#kv-count').filter({ hasText: '62 keys, 62 shown' }).waitFor();
  if (await page.getByRole('button', { name: 'More keys' }).isVisible()) {
    throw new Error('"More keys" still shown on the last page');
  }

  step('prefix');
  await page.getByLabel('Key prefix').fill('todo/5');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.locator('#kv-count').filter({ hasText: '11 keys starting with todo/5, 11 shown' }).waitFor();

  step('view a value');
  await page.getByLabel('Key prefix').fill('');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByRole('button', { name: 'greeting', exact: true }).click();
  await page.locator('#kv-value-text').filter({ hasText: 'hello, kv' }).waitFor();
  await page.getByRole('button', { name: 'blob', exact: true }).click();
  await page.locator('#kv-value-text').filter({ hasText: '4 B of binary data' }).waitFor();

  step('delete a key');
  const remove = page.getByRole('button', { name: 'Delete greeting' });
  await remove.click();
  await page.getByRole('button', { name: 'Confirm delete of greeting' }).click();
  await page.locator('#kv-count').filter({ hasText: '61 keys' }).waitFor();
  if (await page.getByRole('button', { name: 'greeting', exact: true }).count() !== 0) {
    throw new Error('the deleted key is still listed');
  }

  await page.getByRole('button', { name: 'todo/1', exact: true }).click();
  await page.locator('#kv-value-text').filter({ hasText: 'item 1' }).waitFor();
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.mouse.move(5, 790);
    await page.screenshot({ path: join(shots, 'kv.png') });
  }
  if (problems.length) {
    throw new Error(problems.join('\n'));
  }
  step('done');
} catch (e) {
  console.log(`FAILED ${e.stack ?? e}`);
  if (shots) {
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'failure-kv.png') }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
