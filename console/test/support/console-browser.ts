// The browser side of the console's tests: Chromium, each person's own context, screenshots on
// failure, axe-core, and the probes that wait for what another service does.
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { eventually } from '@support-hub/testing';
import type { Person } from '../../../test/support/system-client';

export const CHROMIUM = '/usr/bin/chromium';
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const failureDir = join(__dirname, '..', '..', '..', '.data', 'console-test-failures');
const screensDir = join(__dirname, '..', '..', '..', '.data', 'console-screens');

/** Debian's headless Chromium; Playwright gives each launch a fresh, empty profile of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The people's browsers: one context each, as people use their own browsers. */
export class Browsers {
  private readonly contexts: BrowserContext[] = [];
  constructor(private readonly browser: () => Browser) {}

  /** A person's own browser; phone width when asked. bypassCSP only so that axe-core can be injected. */
  async browserOf(width: 'laptop' | 'phone' = 'laptop'): Promise<Page> {
    const context = await this.browser().newContext({ viewport: width === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 }, bypassCSP: true });
    context.setDefaultTimeout(20_000);
    this.contexts.push(context);
    return context.newPage();
  }

  /** Screenshots of every open page, only when the test failed. */
  async onFailureScreenshots(name: string, test: () => Promise<void>): Promise<void> {
    try {
      await test();
    } catch (error) {
      mkdirSync(failureDir, { recursive: true });
      const pages = this.contexts.flatMap((context) => context.pages());
      await Promise.all(pages.map((page, index) => page.screenshot({ path: join(failureDir, `${name}-${index}.png`), fullPage: true }).catch(() => undefined)));
      throw error;
    }
  }
}

/** No serious or critical axe-core violation on the page as it is now; its picture in .data/console-screens for a person to look at. */
export async function expectAccessible(page: Page): Promise<void> {
  await page.addScriptTag({ content: axeSource });
  // Runs in the page; this file's compiler settings know no DOM, hence the narrow types.
  const violations = await page.evaluate(async () => {
    type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] };
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: Violation[] }> }; document: unknown };
    const result = await axe.run(document);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations).toEqual([]);
  mkdirSync(screensDir, { recursive: true });
  const name = `${(await page.title()).replace(/ · Support Hub$/, '')} ${page.viewportSize()?.width ?? ''}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await page.screenshot({ path: join(screensDir, `${name}.png`), fullPage: true });
}

/** Clicks a section's Refresh until `target` shows: the change happens elsewhere (an event), not in this page. */
export async function refreshUntilVisible(page: Page, refreshLabel: string, target: Locator, what: string): Promise<void> {
  await eventually(
    async () => {
      if (await target.isVisible()) return true;
      await page.getByRole('button', { name: `Refresh ${refreshLabel}` }).click();
      return target.waitFor({ state: 'visible', timeout: 1000 }).then(
        () => true,
        () => false,
      );
    },
    { timeoutMs: 30_000, intervalMs: 0, what },
  );
}

/** The links of the invitation emails to this person, as the mail transport wrote them, newest first. */
export function invitationLinks(mailDir: string, to: Person): string[] {
  const files = existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
  return files
    .map((file) => readFileSync(join(mailDir, file), 'utf8'))
    .filter((text) => text.toLowerCase().includes(`to: ${to.email}`))
    .map((text) => /(https?:\/\/[^\s"<]+\/invitations\/accept\?token=[A-Za-z0-9_-]+)/.exec(text)?.[1])
    .filter((link): link is string => Boolean(link));
}

/** The link of the newest invitation email to this person. */
export function invitationLink(mailDir: string, to: Person, atLeast = 1): Promise<string> {
  return eventually(() => (invitationLinks(mailDir, to).length >= atLeast ? invitationLinks(mailDir, to)[0] : undefined), { timeoutMs: 20_000, what: `invitation email ${atLeast} to ${to.email}` });
}

/** The item of a labelled list whose heading has this name. */
export const itemNamed = (page: Page, list: string, name: string | RegExp): Locator =>
  page.getByRole('list', { name: list }).getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });

/** The console link of the newest access-request email to this person (`/admin?requestId=…` or `/engineer?requestId=…`). */
export function accessRequestLink(mailDir: string, to: Person, screen: 'admin' | 'engineer'): Promise<string> {
  const pattern = new RegExp(`(https?://[^\\s"<]+/${screen}\\?requestId=[A-Za-z0-9-]+)`);
  const links = () =>
    (existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().reverse() : [])
      .map((file) => readFileSync(join(mailDir, file), 'utf8'))
      .filter((text) => text.toLowerCase().includes(`to: ${to.email}`))
      .map((text) => pattern.exec(text)?.[1])
      .filter((link): link is string => Boolean(link));
  return eventually(() => links()[0], { timeoutMs: 20_000, what: `the ${screen} link of an access-request email to ${to.email}` });
}

/** Whether this element has the keyboard focus (a linked item is focused once it renders). */
export function hasFocus(target: Locator): Promise<void> {
  return eventually(() => target.evaluate((element) => element === (element.ownerDocument as unknown as { activeElement: unknown }).activeElement) || undefined, {
    timeoutMs: 5_000,
    what: 'the focus on the linked item',
  }).then(() => undefined);
}
