// Drives the Spear console in Debian's headless Chromium (playwright-core, never its browser
// download) against a running SMS + Spearlet; started by ConsoleBrowserTest, which passes:
//   SPEAR_URL            the SMS base URL (the console is at /console/)
//   SPEAR_ECHO_WASM      a module that upper-cases stdin and writes a log line to stderr
//   SPEAR_LOOP_WASM      a module that logs "before sleep", then sleeps for argv[1] ms
//   SPEAR_STREAMS_WASM   the user-streams guest; with argument "echo" it echoes every frame
//   SPEAR_SHOTS_DIR      where every page's screenshot goes (always at the end; on failure too)
//   CHROMIUM             the browser (default /usr/bin/chromium)
// It prints "STEP <name>" as it goes; on "WAITING node-offline" the Java side stops the second
// node and the script watches the Nodes page until it shows that node offline.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chat } from './kit.mjs';

const base = process.env.SPEAR_URL.replace(/\/$/, '');
const shots = process.env.SPEAR_SHOTS_DIR;
const echoWasm = process.env.SPEAR_ECHO_WASM;
const loopWasm = process.env.SPEAR_LOOP_WASM;
const streamsWasm = process.env.SPEAR_STREAMS_WASM;
const offlineNode = process.env.SPEAR_OFFLINE_NODE;
const PAGES = ['dashboard', 'nodes', 'files', 'tasks', 'executions', 'schedules', 'ai', 'chat'];
const TIMEOUT = 20_000;

const userDataDir = mkdtempSync(join(tmpdir(), 'spear-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
context.setDefaultTimeout(TIMEOUT);
const page = context.pages()[0] ?? await context.newPage();
const problems = [];
page.on('console', (m) => {
  if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('response', (r) => {
  if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
});

function nav(name) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

function step(name) {
  console.log(`STEP ${name}`);
}

async function selectByText(locator, text) {
  const value = await locator.evaluate(
    (el, t) => [...el.options].find((o) => o.textContent.includes(t))?.value, text);
  if (!value) {
    throw new Error(`no option containing ${text}`);
  }
  await locator.selectOption(value);
}

async function expectText(locator, pattern) {
  await locator.filter({ hasText: pattern }).first().waitFor();
}

async function screenshots(dir, prefix = '') {
  await page.mouse.move(5, 790);
  mkdirSync(dir, { recursive: true });
  for (const name of PAGES) {
    try {
      await page.goto(`${base}/console/#/${name}`);
      await page.locator('#page-title').waitFor({ timeout: 5000 });
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(dir, `${prefix}${name}.png`) });
    } catch (e) {
      console.log(`could not screenshot ${name}: ${e.message}`);
    }
  }
}

async function waitForLine(expected) {
  // The Java side answers on stdin once it has done what the line asked.
  console.log(`WAITING ${expected}`);
  await new Promise((resolve) => {
    process.stdin.once('data', resolve);
  });
}

let failed = null;
try {
  step('console loads with its dashboard');
  await page.goto(`${base}/console`);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  await expectText(page.locator('.card'), /Online/);

  step('upload a module with the file picker, with progress');
  await nav('Files').click();
  await page.getByRole('heading', { level: 1, name: 'Files' }).waitFor();
  await page.getByLabel('Module file').setInputFiles(echoWasm);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expectText(page.locator('.upload-result'), /Uploaded echo_upper/);
  if ((await page.locator('#upload-progress').getAttribute('value')) !== '100') {
    throw new Error('upload progress did not reach 100');
  }
  await expectText(page.locator('table tbody tr'), /echo_upper/);
  await page.getByLabel('Search files').fill('no-such-module');
  await page.getByText('No file matches.').waitFor();
  await page.getByLabel('Search files').fill('echo');
  await expectText(page.locator('table tbody tr'), /echo_upper/);

  step('register a task from the uploaded module with args, env and config');
  await nav('Tasks').click();
  await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('shout');
  await selectByText(page.getByLabel('Module', { exact: true }), 'echo_upper');
  await page.getByLabel('Arguments').fill('--loud');
  await page.getByLabel('Environment').fill('GREETING=hi');
  await page.getByLabel('Config').fill('memory_limit_bytes=67108864');
  await page.getByRole('button', { name: 'Register task' }).click();
  await page.getByRole('heading', { level: 1, name: 'Task shout' }).waitFor();

  step('run it with an input and see its output, exit code and log');
  await page.getByLabel('Input (stdin)').fill('hello console');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expectText(page.locator('#run-output'), /HELLO CONSOLE/);
  await expectText(page.locator('#run-exit-code'), /^0$/);
  await expectText(page.locator('#run-status'), /completed/);
  await page.locator('#run-log').waitFor();

  step('the execution is listed and its detail shows output and log');
  await nav('Executions').click();
  await page.getByRole('heading', { level: 1, name: 'Executions' }).waitFor();
  await page.getByLabel('Status').selectOption('completed');
  // Ids show their random tail (a UUIDv7 starts with its time), the whole id on hover and a copy button.
  const firstId = page.locator('table tbody tr a code').first();
  await firstId.waitFor();
  const fullId = await firstId.getAttribute('title');
  if ((await firstId.textContent()) !== `…${fullId.slice(-8)}`) {
    throw new Error(`the execution id shows ${await firstId.textContent()}, not the tail of ${fullId}`);
  }
  await page.getByRole('button', { name: `Copy id ${fullId}` }).waitFor();
  await page.locator('table tbody tr a').first().click();
  await page.getByRole('heading', { level: 1, name: 'Execution' }).waitFor();
  await expectText(page.locator('#exec-status'), /completed/);
  await expectText(page.locator('#exec-output'), /HELLO CONSOLE/);
  // The log comes from the logs API: SMS's system lines around the run.
  await expectText(page.locator('#exec-log'), /started on node/);
  await expectText(page.locator('#exec-log'), /completed with exit code 0/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the log' }).click(),
  ]);
  if (!/completed with exit code 0/.test(readFileSync(await download.path(), 'utf8'))) {
    throw new Error('the downloaded log is not the execution\'s');
  }

  step('follow a running execution and its log, and cancel the runaway');
  await nav('Files').click();
  await page.getByLabel('Module file').setInputFiles(loopWasm);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expectText(page.locator('.upload-result'), /Uploaded log_then_sleep/);
  await nav('Tasks').click();
  await page.getByLabel('Name', { exact: true }).fill('runaway');
  await selectByText(page.getByLabel('Module', { exact: true }), 'log_then_sleep');
  await page.getByLabel('Arguments').fill('600000');
  await page.getByRole('button', { name: 'Register task' }).click();
  await page.getByRole('heading', { level: 1, name: 'Task runaway' }).waitFor();
  await page.getByLabel('Time limit (ms)').fill('600000');
  await page.getByRole('button', { name: 'Run in background' }).click();
  await page.getByRole('heading', { level: 1, name: 'Execution' }).waitFor();
  await expectText(page.locator('#exec-status'), /running/);
  // The guest's line arrives while it runs (its node streams it to SMS), before it ends.
  await expectText(page.locator('#exec-log'), /\[info\] before sleep/);
  if (!/running/.test(await page.locator('#exec-status').textContent())) {
    throw new Error('the log line did not arrive while the execution ran');
  }
  // Following: the elapsed time moves while it runs.
  const first = await page.locator('dl.pairs dd').nth(8).textContent();
  await page.waitForFunction(
    (before) => document.querySelectorAll('dl.pairs dd')[8]?.textContent !== before, first);
  await page.getByRole('button', { name: 'Cancel execution' }).click();
  await expectText(page.locator('#exec-status'), /cancelled/);
  if (await page.getByRole('button', { name: 'Cancel execution' }).count() !== 0) {
    throw new Error('an ended execution still offers Cancel');
  }

  step('chat with a task\'s endpoint: two messages, both echoed');
  await nav('Files').click();
  await page.getByLabel('Module file').setInputFiles(streamsWasm);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await expectText(page.locator('.upload-result'), /Uploaded streams_probe/);
  await nav('Tasks').click();
  await page.getByLabel('Name', { exact: true }).fill('echo-agent');
  await selectByText(page.getByLabel('Module', { exact: true }), 'streams_probe');
  await page.getByLabel('Arguments').fill('echo');
  await page.getByLabel('Config').fill('stream.timeout_ms=120000');
  await page.getByLabel('Endpoint').fill('echo');
  await page.getByRole('button', { name: 'Register task' }).click();
  await page.getByRole('heading', { level: 1, name: 'Task echo-agent' }).waitFor();
  await page.getByRole('link', { name: 'Chat with its endpoint' }).click();
  await chat(page, 'endpoint:echo', 'endpoint echo', ['hello agent', 'second message'],
    shots ? join(shots, 'chat-conversation.png') : undefined);

  step('chat with a running execution through a stream session');
  await nav('Tasks').click();
  await page.getByRole('link', { name: 'echo-agent' }).click();
  await page.getByLabel('Time limit (ms)').fill('120000');
  await page.getByRole('button', { name: 'Run in background' }).click();
  await page.getByRole('heading', { level: 1, name: 'Execution' }).waitFor();
  await page.getByRole('link', { name: 'Chat with it' }).click();
  await chat(page, /^execution:/, 'execution', ['über session', 'and again']);

  step('the AI page lists the node\'s backends and registers and deletes an MCP server');
  await nav('AI').click();
  await page.getByRole('heading', { level: 1, name: 'AI' }).waitFor();
  await expectText(page.locator('#ai-backends table tbody tr'), /demo.*stub/);
  await page.getByLabel('Server id').fill('fs');
  await page.getByLabel('Command', { exact: true }).fill('npx');
  await page.getByLabel('Arguments').fill('-y\n@modelcontextprotocol/server-filesystem\n./');
  await page.getByLabel('Allowed tools').fill('read_*, list_*');
  await page.getByLabel('Tool timeout (ms)').fill('30000');
  await page.getByRole('button', { name: 'Register server' }).click();
  await expectText(page.locator('#mcp-servers table tbody tr'), /fs.*stdio.*npx -y @modelcontextprotocol\/server-filesystem.*read_\*, list_\*.*30000 ms/);
  await page.getByRole('button', { name: 'Delete fs' }).click();
  await page.getByRole('button', { name: 'Confirm delete of fs' }).click();
  await page.getByText('No MCP server is registered.').waitFor();

  step('schedule a task every second, see its runs, pause and delete the schedule');
  await nav('Schedules').click();
  await page.getByRole('heading', { level: 1, name: 'Schedules' }).waitFor();
  await selectByText(page.getByLabel('Task', { exact: true }), 'shout');
  await page.getByLabel('Every', { exact: true }).fill('1s');
  await page.getByLabel('Schedule input').fill('tick');
  await page.getByRole('button', { name: 'Create schedule' }).click();
  await expectText(page.locator('#schedule-list table tbody tr'), /shout.*every 1s.*UTC.*active/);
  await page.getByRole('link', { name: 'Runs of shout every 1s' }).click();
  await page.getByRole('heading', { level: 1, name: 'Executions' }).waitFor();
  await expectText(page.locator('table tbody tr'), /shout.*completed.*schedule/);
  await nav('Schedules').click();
  await page.getByRole('button', { name: 'pause shout every 1s' }).click();
  await expectText(page.locator('#schedule-list table tbody tr'), /paused/);
  await page.locator('#schedule-list').getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Confirm delete of shout every 1s' }).click();
  await page.getByText('No schedule yet.').waitFor();

  step('delete a task');
  await nav('Tasks').click();
  await page.getByRole('link', { name: 'runaway' }).click();
  await page.getByRole('button', { name: 'Delete task' }).click();
  await page.getByRole('button', { name: 'Confirm delete of runaway' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tasks' }).waitFor();
  await page.getByRole('link', { name: 'shout' }).first().waitFor();
  if (await page.getByRole('link', { name: 'runaway' }).count() !== 0) {
    throw new Error('deleted task is still listed');
  }

  step('the dashboard counts the invocations');
  await nav('Dashboard').click();
  await expectText(page.locator('.card'), /Invocations\d+/);
  await page.getByRole('link', { name: 'shout' }).first().waitFor();

  step('keyboard: the navigation is reachable and usable with Tab and Enter');
  await nav('Dashboard').focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Nodes' }).waitFor();

  step('see a node go offline');
  await expectText(page.locator(`[data-node-status="${offlineNode}"]`), /online/);
  await waitForLine('node-offline');
  await expectText(page.locator(`[data-node-status="${offlineNode}"]`), /offline/);

  step('usable at phone width');
  await page.setViewportSize({ width: 390, height: 844 });
  for (const name of PAGES) {
    await page.goto(`${base}/console/#/${name}`);
    await page.locator('#page-title').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) {
      throw new Error(`page ${name} scrolls sideways by ${overflow}px at phone width`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  step('every page has a labelled control for every input');
  for (const name of PAGES) {
    await page.goto(`${base}/console/#/${name}`);
    await page.locator('#page-title').waitFor();
    await page.waitForTimeout(200);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden')
      .filter((el) => !(el.labels?.length) && !el.getAttribute('aria-label'))
      .map((el) => el.id || el.outerHTML));
    if (unlabelled.length) {
      throw new Error(`unlabelled controls on ${name}: ${unlabelled.join(', ')}`);
    }
  }

  if (problems.length) {
    throw new Error('the browser reported problems:\n' + problems.join('\n'));
  }
  step('done');
} catch (e) {
  failed = e;
  console.log(`FAILED ${e.stack ?? e}`);
  if (shots) {
    await page.screenshot({ path: join(shots, 'failure-current.png') }).catch(() => {});
    await screenshots(shots, 'failure-');
  }
} finally {
  if (shots && !failed) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshots(shots);
  }
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
