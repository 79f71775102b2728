// Helpers the console's browser flows share: the browser, steps, selects, waits, the chat page.
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TIMEOUT = 20_000;

/** Debian's headless Chromium in a fresh profile; answers the context, its page and the profile dir. */
export async function launch() {
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
  return { context, page, userDataDir };
}

export function step(name) {
  console.log(`STEP ${name}`);
}

/** A link of the main navigation. */
export function nav(page, name) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

export async function selectByText(locator, text) {
  const value = await locator.evaluate(
    (el, t) => [...el.options].find((o) => o.textContent.includes(t))?.value, text);
  if (!value) {
    throw new Error(`no option containing ${text}`);
  }
  await locator.selectOption(value);
}

export async function expectText(locator, pattern) {
  await locator.filter({ hasText: pattern }).first().waitFor();
}

/** Screenshots of each page under dir (names prefixed). */
export async function screenshots(page, base, pages, dir, prefix = '') {
  await page.mouse.move(5, 790);
  mkdirSync(dir, { recursive: true });
  for (const name of pages) {
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

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * On the chat page: checks the preselected target, connects, sends each message with Enter and
 * sees each echoed back as the agent's turn, in order; then (after a screenshot to {@code shot}, if
 * given) disconnects.
 */
export async function chat(page, target, label, messages, shot) {
  await page.getByRole('heading', { level: 1, name: 'Chat' }).waitFor();
  const chosen = await page.getByLabel('Talk to').inputValue();
  if (typeof target === 'string' ? chosen !== target : !target.test(chosen)) {
    throw new Error(`the chat page chose ${chosen}, not ${target}`);
  }
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await expectText(page.locator('#chat-state[data-state="open"]'), new RegExp(`Connected to ${label}`));
  const message = page.getByLabel('Message', { exact: true });
  for (const text of messages) {
    await message.fill(text);
    await message.press('Enter');
    await expectText(page.locator('#chat-log .msg-you .text'), new RegExp(`^${escape(text)}$`));
    await expectText(page.locator('#chat-log .msg-agent .text'), new RegExp(`^${escape(text)}$`));
  }
  const echoed = await page.locator('#chat-log .msg-agent .text').allTextContents();
  if (JSON.stringify(echoed) !== JSON.stringify(messages)) {
    throw new Error(`echoed ${JSON.stringify(echoed)}, sent ${JSON.stringify(messages)}`);
  }
  if (shot) {
    await page.mouse.move(5, 790);
    await page.screenshot({ path: shot });
  }
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expectText(page.locator('#chat-state[data-state="closed"]'), /Closed by you/);
}
