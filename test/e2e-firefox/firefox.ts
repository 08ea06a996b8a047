/**
 * Firefox for the end-to-end tests: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
 * production Firefox build (.output/firefox-mv3) installed as a temporary add-on and the real hostnames sent to
 * the sandbox (Firefox resolves them to localhost and connects to the sandbox's port).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Frame, launch, type Page } from 'puppeteer-core';
import { SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { type Sandbox, startSandbox } from '../../sandbox/server.ts';

const BUILD = resolve('.output/firefox-mv3');
const GECKO_ID = 'highlevel-sidebar@highlevel-sidebar.app';
/** The add-on's internal UUID, fixed so that its pages have a known address. */
const UUID = '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const HOSTS = [
  'services.leadconnectorhq.com',
  'marketplace.gohighlevel.com',
  'app.gleantap.com',
  'app.gestioo.com',
];

export interface FirefoxWorld {
  sandbox: Sandbox;
  browser: Browser;
  /** `moz-extension://<uuid>/` */
  base: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Error(`No Firefox at ${path}: install firefox-esr or set FIREFOX_PATH.`);
  return path;
}

export interface FirefoxWorldOptions {
  /**
   * false: install the add-on without its host permissions, as Firefox does with
   * `extensions.originControls.grantByDefault` off (the user may also revoke them), and let `permissions.request`
   * grant without a prompt (`extensions.webextOptionalPermissionPrompts` off), from a real click still.
   */
  hostPermissions?: boolean;
}

export async function openFirefoxWorld(
  connect: keyof typeof SANDBOX_PITS | null = 'mainReadWrite',
  { hostPermissions = true }: FirefoxWorldOptions = {},
): Promise<FirefoxWorld> {
  if (!existsSync(resolve(BUILD, 'manifest.json')))
    throw new Error('No Firefox build: run `npm run build:firefox`.');
  const sandbox = await startSandbox({ port: 0 });
  const browser = await launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    acceptInsecureCerts: true,
    // Extension pages can only be opened over BiDi with this switch.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }),
      'network.dns.localDomains': HOSTS.join(','),
      'network.socket.forcePort': `443=${sandbox.port}`,
      ...(hostPermissions
        ? {}
        : {
            'extensions.originControls.grantByDefault': false,
            'extensions.webextOptionalPermissionPrompts': false,
          }),
    },
  });
  await browser.installExtension(BUILD);
  const world: FirefoxWorld = {
    sandbox,
    browser,
    base: `moz-extension://${UUID}/`,
    newPage: () => browser.newPage(),
    async close() {
      await browser.close().catch(() => undefined);
      await sandbox.close();
    },
  };
  if (connect) await connectWithPit(world, SANDBOX_PITS[connect]);
  return world;
}

/** Opens one of the extension's pages. BiDi never reports such a navigation finished: wait for the page instead. */
export async function openExtensionPage(world: FirefoxWorld, path: string): Promise<Page> {
  const page = await world.newPage();
  void page.goto(`${world.base}${path}`).catch(() => undefined);
  await page.waitForFunction(
    (want) => location.href.endsWith(want) && document.readyState === 'complete',
    { timeout: 20_000 },
    path,
  );
  return page;
}

/** Connects with a Private Integration Token through the options page, as an admin does. */
export async function connectWithPit(
  world: FirefoxWorld,
  pit: { token: string; locationId: string },
): Promise<void> {
  const page = await openExtensionPage(world, 'options.html');
  await (await page.waitForSelector('input[name="pit"]', { timeout: 15_000 }))?.type(pit.token);
  await (await page.waitForSelector('input[name="locationId"]'))?.type(pit.locationId);
  await (await page.waitForSelector('form:has(input[name="pit"]) button[type="submit"]'))?.click();
  const result = await page.waitForSelector('[data-testid="pit-result"]', { timeout: 15_000 });
  const text = (await result?.evaluate((el) => el.textContent)) ?? '';
  if (!text.startsWith('Connected')) throw new Error(`Connecting failed: ${text}`);
  await page.close();
}

/**
 * The sidebar's frame on `page`. BiDi lists the extension's frame with the URL it had before it loaded
 * (about:blank), but evaluates in the page it shows: the frame is the child whose document is the sidebar's.
 */
export async function sidebarFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    for (const frame of page.mainFrame().childFrames()) {
      const href = await frame.evaluate(() => location.href).catch(() => '');
      if (href.includes('/sidebar-frame.html')) return frame;
    }
    if (Date.now() > deadline) throw new Error('The sidebar frame never appeared.');
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Waits until the sidebar shows `text` (its rendered text), and answers that text. */
export async function sidebarShows(page: Page, text: string, timeout = 15_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let shown = '';
  while (Date.now() < deadline) {
    const frame = await sidebarFrame(page, Math.max(1, deadline - Date.now()));
    // biome-ignore lint/performance/useDomNodeTextContent: what the agent sees is the rendered text.
    shown = await frame.evaluate(() => document.body.innerText).catch(() => '');
    if (shown.includes(text)) return shown;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`The sidebar never showed "${text}"; it shows: ${shown.slice(0, 300)}`);
}
