/**
 * The scenario driver for Firefox: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
 * production Firefox build (.output/firefox-mv3) installed as a temporary add-on and the real hostnames sent to
 * the sandbox (Firefox resolves them to localhost and connects to the sandbox's port).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type ElementHandle, type Frame, launch, type Page } from 'puppeteer-core';
import { SANDBOX_HOSTS, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { startSandbox } from '../../sandbox/server.ts';
import { connectWithPit } from './steps.ts';
import type { DriverPage, DriverWorld, Surface, Target, WorldOptions } from './types.ts';

const BUILD = resolve('.output/firefox-mv3');
const GECKO_ID = 'highlevel-sidebar@highlevel-sidebar.app';
/** The add-on's internal UUID, fixed so that its pages have a known address. */
const UUID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path))
    throw new Error(
      `No Firefox at ${path}: install firefox-esr (apt-get install -y firefox-esr) or set FIREFOX_PATH.`,
    );
  return path;
}

function selector(target: Target): string {
  return typeof target === 'string' ? target : `${target.css}::-p-text(${JSON.stringify(target.text)})`;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The sidebar's frame on `page`. BiDi lists the extension's frame with the URL it had before it loaded
 * (about:blank), but evaluates in the page it shows: the frame is the child whose document is the sidebar's.
 */
export async function sidebarFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.mainFrame().childFrames()) {
      if (frame.detached) continue;
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.includes('/sidebar-frame.html')) return frame;
    }
    if (Date.now() > deadline) throw new Error('The sidebar frame never appeared.');
    await pause(100);
  }
}

/**
 * The first match that is shown, or null. Polled by hand rather than with waitForSelector or a Locator, which fail
 * on some extension pages over BiDi; the document itself may be replaced meanwhile (a reloaded frame), so `root` is
 * asked again each time.
 */
async function visible(root: () => Promise<Page | Frame>, target: Target): Promise<ElementHandle | null> {
  try {
    for (const handle of await (await root()).$$(selector(target))) {
      const shown = await handle.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      });
      if (shown) return handle;
    }
  } catch {
    // The document went away while we looked: look again.
  }
  return null;
}

async function firstVisible(root: () => Promise<Page | Frame>, target: Target, timeout = 15_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const handle = await visible(root, target);
    if (handle) return handle;
    if (Date.now() > deadline) throw new Error(`${selector(target)} never became visible.`);
    await pause(100);
  }
}

/** `scope`: the element counted and read within (the sidebar's root in its frame; the frame also holds its script). */
function surface(root: () => Promise<Page | Frame>, scope = ':root'): Surface {
  return {
    async waitFor(target, options = {}) {
      const wanted = options.state !== 'hidden';
      const deadline = Date.now() + (options.timeout ?? 15_000);
      for (;;) {
        const shown = (await visible(root, target)) !== null;
        if (shown === wanted) return;
        if (Date.now() > deadline)
          throw new Error(
            `Waiting for ${selector(target)} to be ${wanted ? 'visible' : 'hidden'} timed out.`,
          );
        await pause(100);
      }
    },
    async click(target, options = {}) {
      const handle = await firstVisible(root, target, options.timeout);
      await handle.click();
    },
    async fill(target, value) {
      const handle = await firstVisible(root, target);
      await handle.evaluate((el) => {
        (el as HTMLInputElement).value = '';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await handle.type(value);
    },
    async text(target, options = {}) {
      const handle = await (await root()).waitForSelector(selector(target), {
        timeout: options.timeout ?? 15_000,
      });
      return (await handle?.evaluate((el) => el.textContent)) ?? '';
    },
    async count(target) {
      const [css, text] = typeof target === 'string' ? [target, ''] : [target.css, target.text];
      return (await root()).evaluate(
        (scope, css, text) =>
          [...(document.querySelector(scope)?.querySelectorAll(css) ?? [])].filter((el) =>
            el.textContent?.includes(text),
          ).length,
        scope,
        css,
        text,
      );
    },
    async evaluate(fn, arg) {
      // biome-ignore lint/suspicious/noExplicitAny: puppeteer's evaluate overloads do not take a generic pair.
      return (await root()).evaluate(fn as any, arg as any) as never;
    },
  };
}

export function firefoxPage(page: Page): DriverPage {
  let frame: Frame | undefined;
  const currentFrame = async () => {
    if (
      !frame ||
      frame.detached ||
      !(await frame.evaluate(() => location.href).catch(() => '')).includes('/sidebar-frame.html')
    )
      frame = await sidebarFrame(page);
    return frame;
  };
  return {
    ...surface(async () => page),
    sidebar: surface(currentFrame, '.hls-sidebar'),
    async goto(url) {
      await page.goto(url);
    },
    async reload() {
      // BiDi does not report an extension page's load finished: mark this document, and wait for the next one.
      await page.evaluate(() => {
        (window as unknown as { __leaving: boolean }).__leaving = true;
      });
      void page.reload().catch(() => undefined);
      await pollPage(
        page,
        () => !(window as unknown as { __leaving?: boolean }).__leaving && document.readyState === 'complete',
        '',
        'The reload',
      );
    },
    url: () => page.url(),
    async press(key) {
      await page.keyboard.press(key as never);
    },
    async sidebarAddress() {
      return (await currentFrame()).evaluate(() => location.href.split('#')[0] ?? '');
    },
    async frameNamed(name, urlPart, options = {}) {
      const deadline = Date.now() + (options.timeout ?? 15_000);
      for (;;) {
        for (const child of page.mainFrame().childFrames()) {
          // BiDi reports an extension frame's first URL (about:blank): ask the frame's own document instead.
          const seen = await child
            .evaluate(() => [window.name, location.href, document.readyState])
            .catch(() => ['', '', '']);
          if (seen[0] === name && seen[1]?.includes(urlPart) && seen[2] === 'complete')
            return surface(async () => child);
        }
        if (Date.now() > deadline) throw new Error(`No frame ${name} showing ${urlPart}.`);
        await pause(100);
      }
    },
    async screenshot(path) {
      await page.screenshot({ path: path as `${string}.png` });
    },
    close: () => page.close(),
  };
}

/**
 * Polls `check` in the page until it holds. An evaluation that meets the switch from one document to the next can
 * fail in Firefox's BiDi with an internal TypeError, which would end a waitForFunction: such a failure is polled again.
 */
async function pollPage(
  page: Page,
  check: (arg: string) => boolean,
  arg: string,
  what: string,
  timeout = 30_000,
) {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(check, arg).catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} never happened.`);
    await pause(100);
  }
}

/** Opens one of the extension's pages. BiDi never reports such a navigation finished: wait for the page instead. */
async function openExtensionPage(browser: Browser, base: string, path: string): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(`${base}/${path}`).catch(() => undefined);
  await pollPage(
    page,
    (want) => location.href.endsWith(want) && document.readyState === 'complete',
    path,
    `Loading ${path}`,
  );
  return page;
}

/** A fresh sandbox and Firefox profile with the production Firefox build, connected with a sandbox PIT unless told not. */
export async function openFirefoxWorld(
  options: WorldOptions = {},
): Promise<DriverWorld & { firefox: Browser }> {
  if (!existsSync(resolve(BUILD, 'manifest.json')))
    throw new Error('No Firefox build: run `npm run build:firefox`.');
  const {
    connect = 'mainReadWrite',
    headless = true,
    colorScheme = 'light',
    firefoxPrefs = {},
    ...sandboxOptions
  } = options;
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  let browser: Browser;
  try {
    browser = await launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless,
      acceptInsecureCerts: true,
      defaultViewport: { width: 1360, height: 860 },
      // Extension pages can only be opened over BiDi with this switch.
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
        'network.dns.localDomains': SANDBOX_HOSTS.join(','),
        'network.socket.forcePort': `443=${sandbox.port}`,
        // 0: dark, 1: light (what web content and extension pages see as prefers-color-scheme).
        'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1,
        ...firefoxPrefs,
      },
    });
    await browser.installExtension(BUILD);
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  const origin = `moz-extension://${UUID}`;
  const world: DriverWorld & { firefox: Browser } = {
    browser: 'firefox',
    firefox: browser,
    sandbox,
    extensionOrigin: origin,
    redirectUri: `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/oauth`,
    newPage: async () => firefoxPage(await browser.newPage()),
    openExtensionPage: async (path) => firefoxPage(await openExtensionPage(browser, origin, path)),
    async waitForPage(match, options = {}) {
      // A popup window (launchWebAuthFlow's consent) is a page too. BiDi names an extension page by its first URL
      // (about:blank): such a page is asked for its own.
      const deadline = Date.now() + (options.timeout ?? 15_000);
      for (;;) {
        for (const page of await browser.pages()) {
          const url = match(page.url())
            ? page.url()
            : await page.evaluate(() => location.href).catch(() => '');
          if (match(url)) return firefoxPage(page);
        }
        if (Date.now() > deadline) throw new Error('No such page opened.');
        await pause(100);
      }
    },
    async close() {
      await browser.close().catch(() => undefined);
      await sandbox.close();
    },
    closedByUser: () => new Promise<void>((done) => browser.once('disconnected', () => done())),
  };
  if (connect) await connectWithPit(world, SANDBOX_PITS[connect]);
  return world;
}
