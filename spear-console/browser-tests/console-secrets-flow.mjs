// Secrets and egress in the console, driven by ConsoleSecretsBrowserTest, which passes:
//   SPEAR_URL            the SMS base URL (the console is at /console/), SMS with a secrets key
//   SPEAR_SECRET_VALUE   the value to store; it must never come back in any answer or the page
//   SPEAR_NODE_EGRESS    one entry of the node's egress.allow, which the Nodes page must show
//   SPEAR_SHOTS_DIR      where screenshots go (prefixed failure- when a step fails)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { expectText, launch, nav, screenshots, step } from './kit.mjs';

const base = process.env.SPEAR_URL.replace(/\/$/, '');
const value = process.env.SPEAR_SECRET_VALUE;
const egress = process.env.SPEAR_NODE_EGRESS;
const shots = process.env.SPEAR_SHOTS_DIR;

const { context, page, userDataDir } = await launch();
const problems = [];
const pending = [];
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('response', (r) => {
  if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  if (r.url().includes('/api/')) {
    pending.push(r.text().then((text) => {
      if (text.includes(value)) problems.push(`an answer carried the value: ${r.request().method()} ${r.url()}`);
    }, () => {}));
  }
});

let failed = null;
try {
  step('the Nodes page shows each node egress policy');
  await page.goto(`${base}/console/#/nodes`);
  await page.getByRole('heading', { level: 1, name: 'Nodes' }).waitFor();
  await expectText(page.locator('[data-node-egress]'), egress);

  step('a secret is created from the form and listed by name only');
  await nav(page, 'Secrets').click();
  await page.getByRole('heading', { level: 1, name: 'Secrets' }).waitFor();
  await page.getByLabel('Secret name').fill('WEATHER_KEY');
  await page.getByLabel('Secret value').fill(value);
  await page.getByLabel('Allowed hosts').fill('api.example.com');
  await page.getByRole('button', { name: 'Save secret' }).click();
  await expectText(page.locator('.secret-result'), /Secret WEATHER_KEY created/);
  await expectText(page.locator('table tbody tr'), /WEATHER_KEY/);
  await expectText(page.locator('table tbody tr'), /api\.example\.com/);
  if (await page.getByLabel('Secret value').inputValue() !== '') {
    throw new Error('the value field still holds the value after saving');
  }
  if ((await page.content()).includes(value)) {
    throw new Error('the page shows the value');
  }
  if (shots) {
    await page.screenshot({ path: join(shots, 'secrets.png') });
  }

  step('the secret is deleted after a confirmation');
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Confirm delete of WEATHER_KEY' }).click();
  await expectText(page.locator('p.empty'), /No secret yet/);

  await Promise.all(pending);
  if (problems.length) {
    throw new Error('the browser reported problems:\n' + problems.join('\n'));
  }
  step('done');
} catch (e) {
  failed = e;
  console.log(`FAILED ${(e.stack ?? String(e)).replaceAll(value, '<value>')}`);
  if (shots) {
    await page.screenshot({ path: join(shots, 'failure-current.png') }).catch(() => {});
    await screenshots(page, base, ['nodes', 'secrets'], shots, 'failure-');
  }
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
