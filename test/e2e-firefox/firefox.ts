/**
 * Firefox for the end-to-end tests: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with the
 * production Firefox build (.output/firefox-mv3) installed as a temporary add-on and the real hostnames sent to
 * the sandbox (Firefox resolves them to localhost and connects to the sandbox's port).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type Frame, launch, type Page } from 'puppeteer-core';
import { type RunningBroker, startNodeBroker } from '../../broker/node-server.ts';
import { LOCATIONS, SANDBOX_OAUTH_CLIENT, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { type Sandbox, startSandbox } from '../../sandbox/server.ts';

const BUILD = resolve('.output/firefox-mv3');
const GECKO_ID = 'highlevel-sidebar@highlevel-sidebar.app';
/**
 * What `identity.getRedirectURL('oauth')` answers in Firefox: a host named by the SHA-1 of the add-on id, the same
 * for every installation (unlike the moz-extension:// origin, random per installation).
 */
export const FIREFOX_REDIRECT_URI = `https://${createHash('sha1').update(GECKO_ID).digest('hex')}.extensions.allizom.org/oauth`;
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

export async function openFirefoxWorld(
  connect: keyof typeof SANDBOX_PITS | null = 'mainReadWrite',
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

/**
 * Opens one of the extension's pages. BiDi never reports such a navigation finished: wait for the page instead, by
 * polling (an evaluation that meets the switch from about:blank to the extension's page can fail in Firefox's BiDi
 * with an internal TypeError, which would end a waitForFunction: such a failure is just polled again).
 */
export async function openExtensionPage(world: FirefoxWorld, path: string, timeout = 20_000): Promise<Page> {
  const page = await world.newPage();
  void page.goto(`${world.base}${path}`).catch(() => undefined);
  const deadline = Date.now() + timeout;
  for (;;) {
    const ready = await page
      .evaluate((want) => location.href.endsWith(want) && document.readyState === 'complete', path)
      .catch(() => false);
    if (ready) return page;
    if (Date.now() > deadline) throw new Error(`The extension page ${path} never loaded.`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Connects with a Private Integration Token through the options page, as an admin does. */
async function connectWithPit(
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

/**
 * The consent window `launchWebAuthFlow` opens: Firefox fetches the consent URL once in the background, then opens
 * a popup, a new page target. Call before the click that connects, await after it.
 */
export async function waitForConsent(world: FirefoxWorld, timeout = 20_000): Promise<Page> {
  const target = await world.browser.waitForTarget((t) => t.url().includes('/oauth/chooselocation'), {
    timeout,
  });
  const page = await target.page();
  if (!page) throw new Error('The consent window is not a page.');
  return page;
}

/** On the sandbox's consent page: picks the location and allows. The window closes on the redirect. */
export async function approveConsent(consent: Page, locationId: string = LOCATIONS.main.id): Promise<void> {
  await (await consent.waitForSelector(`input[name="location"][value="${locationId}"]`))?.click();
  await (await consent.waitForSelector('#approve'))?.click();
}

/**
 * The token broker as it is deployed for Firefox: any installation's origin (`moz-extension://*`, random per
 * installation) and the add-on's one redirect URI, which is the check that matters. The sandbox's OAuth app, quiet.
 */
export function startFirefoxTestBroker(world: FirefoxWorld): Promise<RunningBroker> {
  return startNodeBroker(
    {
      HL_CLIENT_ID: SANDBOX_OAUTH_CLIENT.clientId,
      HL_CLIENT_SECRET: SANDBOX_OAUTH_CLIENT.clientSecret,
      BROKER_ALLOWED_ORIGINS: 'moz-extension://*',
      BROKER_REDIRECT_URIS: FIREFOX_REDIRECT_URI,
      HL_TOKEN_URL: `https://127.0.0.1:${world.sandbox.port}/oauth/token`,
      BROKER_INSECURE_TLS: '1',
      HL_FORWARD_CODE_VERIFIER: '1',
      BROKER_PORT: '0',
    },
    { info: () => undefined, warn: () => undefined },
  );
}
