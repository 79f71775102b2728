// The console against an SMS with authentication on, driven by ConsoleBrowserTest, which passes:
//   SPEAR_URL            the SMS base URL (the console is at /console/)
//   SPEAR_CONSOLE_TOKEN  the operator's token (role user), typed into the console's token field
//   SPEAR_ECHO_WASM      a module that upper-cases stdin
//   SPEAR_STREAMS_WASM   the user-streams guest; with argument "echo" it echoes every frame
//   SPEAR_SHOTS_DIR      where screenshots go (every page, prefixed failure- when a step fails)
// Pages first say a token is needed (the API answers 401); with the token saved, uploading,
// registering, running and chatting work, and the token never shows up in a URL the page asks for.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chat, expectText, launch, nav, screenshots, selectByText, step } from './kit.mjs';

const base = process.env.SPEAR_URL.replace(/\/$/, '');
const secret = process.env.SPEAR_CONSOLE_TOKEN;
const shots = process.env.SPEAR_SHOTS_DIR;
const PAGES = ['dashboard', 'nodes', 'files', 'tasks', 'executions', 'ai', 'chat'];

const { context, page, userDataDir } = await launch();
const problems = [];
let expectRefusals = true;
page.on('console', (m) => {
  // Chromium logs every refused fetch; the refusals before the token is saved are the point.
  if (m.type() === 'error' && !(expectRefusals && /status of 401/.test(m.text()))) {
    problems.push(`console error: ${m.text()}`);
  }
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('request', (r) => {
  if (r.url().includes(secret) || r.url().includes(encodeURIComponent(secret))) {
    problems.push(`the token went into a URL: ${r.method()} ${r.url().replace(secret, '<token>')}`);
  }
});
page.on('response', (r) => {
  if (r.status() >= 400 && !(expectRefusals && r.status() === 401)) {
    problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  }
});

let failed = null;
try {
  step('without a token every page says a token is needed');
  await page.goto(`${base}/console`);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  for (const name of ['Dashboard', 'Files', 'Tasks', 'Chat']) {
    await nav(page, name).click();
    await expectText(page.locator('.token-needed[role="alert"]'), /Token needed/);
  }
  await page.getByRole('button', { name: 'Go to the token field' }).click();
  if (!(await page.getByLabel('API token').evaluate((el) => el === document.activeElement))) {
    throw new Error('the token-needed box did not lead to the token field');
  }

  step('a wrong token is still refused');
  await page.getByLabel('API token').fill('not-the-token');
  await page.getByLabel('API token').press('Enter');
  await expectText(page.locator('.token-needed[role="alert"]'), /Token needed/);

  step('with the token saved the pages load');
  await page.getByLabel('API token').fill(secret);
  await page.getByLabel('API token').press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
  await page.getByLabel('Talk to').waitFor();
  await nav(page, 'Dashboard').click();
  await expectText(page.locator('.card'), /Online/);
  if (await page.locator('.token-needed').count() !== 0) {
    throw new Error('the dashboard still asks for a token');
  }
  expectRefusals = false;

  step('upload, register and run with the token');
  await nav(page, 'Files').click();
  await page.getByLabel('Module file').setInputFiles(process.env.SPEAR_ECHO_WASM);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expectText(page.locator('.upload-result'), /Uploaded echo_upper/);
  await page.getByLabel('Module file').setInputFiles(process.env.SPEAR_STREAMS_WASM);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expectText(page.locator('.upload-result'), /Uploaded streams_probe/);
  await nav(page, 'Tasks').click();
  await page.getByLabel('Name', { exact: true }).fill('shout');
  await selectByText(page.getByLabel('Module', { exact: true }), 'echo_upper');
  await page.getByRole('button', { name: 'Register task' }).click();
  await page.getByRole('heading', { level: 1, name: 'Task shout' }).waitFor();
  await page.getByLabel('Input (stdin)').fill('with a token');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expectText(page.locator('#run-output'), /WITH A TOKEN/);
  await expectText(page.locator('#run-status'), /completed/);

  step('the log downloads with the token (fetched, never put in a URL)');
  await nav(page, 'Executions').click();
  await page.getByRole('heading', { level: 1, name: 'Executions' }).waitFor();
  await page.locator('table tbody tr a').first().click();
  await page.getByRole('heading', { level: 1, name: 'Execution' }).waitFor();
  await expectText(page.locator('#exec-log'), /completed with exit code 0/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the log' }).click(),
  ]);
  const logText = readFileSync(await download.path(), 'utf8');
  if (!/completed with exit code 0/.test(logText) || !/^execution-.*\.log$/.test(download.suggestedFilename())) {
    throw new Error(`the downloaded log is not the execution's: ${download.suggestedFilename()}`);
  }

  step('chat with an endpoint: the token rides in the WebSocket subprotocol list');
  await nav(page, 'Tasks').click();
  await page.getByLabel('Name', { exact: true }).fill('echo-agent');
  await selectByText(page.getByLabel('Module', { exact: true }), 'streams_probe');
  await page.getByLabel('Arguments').fill('echo');
  await page.getByLabel('Config').fill('stream.timeout_ms=120000');
  await page.getByLabel('Endpoint').fill('echo');
  await page.getByRole('button', { name: 'Register task' }).click();
  await page.getByRole('heading', { level: 1, name: 'Task echo-agent' }).waitFor();
  await page.getByRole('link', { name: 'Chat with its endpoint' }).click();
  await chat(page, 'endpoint:echo', 'endpoint echo', ['secured hello', 'secured again']);

  step('chat with a running execution through a stream session');
  await nav(page, 'Tasks').click();
  await page.getByRole('link', { name: 'echo-agent' }).click();
  await page.getByLabel('Time limit (ms)').fill('120000');
  await page.getByRole('button', { name: 'Run in background' }).click();
  await page.getByRole('heading', { level: 1, name: 'Execution' }).waitFor();
  await page.getByRole('link', { name: 'Chat with it' }).click();
  await chat(page, /^execution:/, 'execution', ['session one', 'session two']);

  if (problems.length) {
    throw new Error('the browser reported problems:\n' + problems.join('\n'));
  }
  step('done');
} catch (e) {
  failed = e;
  console.log(`FAILED ${(e.stack ?? String(e)).replaceAll(secret, '<token>')}`);
  if (shots) {
    await page.screenshot({ path: join(shots, 'failure-current.png') }).catch(() => {});
    await screenshots(page, base, PAGES, shots, 'failure-');
  }
} finally {
  if (shots && !failed) {
    await screenshots(page, base, PAGES, shots);
  }
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
