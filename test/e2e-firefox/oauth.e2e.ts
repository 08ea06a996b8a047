/**
 * One-click OAuth in Firefox, production build against the sandbox: the redirect URI the settings show is Firefox's
 * own, and an admin connects through the token broker (which admits Firefox's random per-installation origin by the
 * add-on's redirect URI) or in direct mode (the client secret in the extension); after each, the sidebar shows the
 * contact. A refused sign-in says what to do, and names no secret.
 *
 * The steps are small functions (configure the app, connect, approve consent) so that they can move to a driver
 * shared with the Chromium suite.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../broker/node-server.ts';
import { demoPerson, LOCATIONS, SANDBOX_OAUTH_CLIENT } from '../../sandbox/fixtures.ts';
import {
  approveConsent,
  FIREFOX_REDIRECT_URI,
  type FirefoxWorld,
  openExtensionPage,
  openFirefoxWorld,
  sidebarShows,
  startFirefoxTestBroker,
  waitForConsent,
} from './firefox.ts';

const ana = demoPerson('ana');

type AppSettings = { mode: 'broker'; brokerUrl: string } | { mode: 'direct'; clientSecret: string };

/** The admin saves the OAuth app in the settings (a fresh options page: its result line is this save's). */
async function configureApp(world: FirefoxWorld, app: AppSettings): Promise<void> {
  const options = await openExtensionPage(world, 'options.html');
  const mode = `form:has(input[name="clientId"]) fieldset label:nth-of-type(${app.mode === 'broker' ? 1 : 2}) input`;
  await (await options.waitForSelector(mode, { timeout: 15_000 }))?.click();
  const clientId = await options.waitForSelector('input[name="clientId"]');
  await clientId?.click({ count: 3 });
  await clientId?.type(SANDBOX_OAUTH_CLIENT.clientId);
  if (app.mode === 'broker') {
    const url = await options.waitForSelector('input[name="brokerUrl"]');
    await url?.click({ count: 3 });
    await url?.type(app.brokerUrl);
  } else {
    await (await options.waitForSelector('input[name="clientSecret"]'))?.type(app.clientSecret);
  }
  await (await options.waitForSelector('form:has(input[name="clientId"]) button[type="submit"]'))?.click();
  const result = await options.waitForSelector('[data-testid="app-result"]', { timeout: 15_000 });
  expect(await result?.evaluate((el) => el.textContent)).toBe('Saved.');
  await options.close();
}

/** The admin clicks Connect in the settings and approves consent; answers the line the settings then show. */
async function connectFromOptions(world: FirefoxWorld): Promise<string> {
  const options = await openExtensionPage(world, 'options.html');
  const consent = waitForConsent(world);
  await (await options.waitForSelector('section[aria-labelledby="oauth-heading"] button'))?.click();
  await approveConsent(await consent, LOCATIONS.main.id);
  const result = await options.waitForSelector('[data-testid="oauth-result"]', { timeout: 30_000 });
  const text = (await result?.evaluate((el) => el.textContent)) ?? '';
  await options.close();
  return text;
}

/** An agent opens Ana in Gleantap: the sidebar shows her HighLevel contact. */
async function sidebarShowsContact(world: FirefoxWorld): Promise<void> {
  const page: Page = await world.newPage();
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
  await sidebarShows(page, 'Ana García', 20_000);
  await page.close();
}

describe('OAuth in Firefox', () => {
  let world: FirefoxWorld;
  let broker: RunningBroker;
  const codeExchanges = () => world.sandbox.control.tokenStats().byGrantType.authorization_code ?? 0;

  beforeAll(async () => {
    world = await openFirefoxWorld(null);
    broker = await startFirefoxTestBroker(world);
  });
  afterAll(async () => {
    await broker?.close();
    await world?.close();
  });

  it('shows Firefox’s own redirect URI in the settings, the one identity.getRedirectURL gives', async () => {
    await configureApp(world, { mode: 'broker', brokerUrl: broker.url });
    const options = await openExtensionPage(world, 'options.html');
    const shown = await options.waitForFunction(() =>
      document.querySelector('section[aria-labelledby="app-heading"] code')?.textContent?.trim(),
    );
    const fromBrowser = await options.evaluate(() => browser.identity.getRedirectURL('oauth'));
    expect(await shown.jsonValue()).toBe(FIREFOX_REDIRECT_URI);
    expect(fromBrowser).toBe(FIREFOX_REDIRECT_URI);
    await options.close();
  });

  it('connects through the token broker, which admits this random moz-extension origin by the redirect URI', async () => {
    await configureApp(world, { mode: 'broker', brokerUrl: broker.url });
    const before = codeExchanges();

    expect(await connectFromOptions(world)).toBe(`Connected to ${LOCATIONS.main.id}.`);
    expect(codeExchanges() - before).toBe(1);
    await sidebarShowsContact(world);
  });

  it.each([
    ['a token endpoint that ignores PKCE (HighLevel as documented)', false],
    ['a token endpoint that enforces the PKCE challenge it was sent', true],
  ])('connects in direct mode, with the client secret in the extension, against %s', async (_case, pkce) => {
    world.sandbox.control.configure({ pkceWhenChallenged: pkce });
    try {
      await configureApp(world, { mode: 'direct', clientSecret: SANDBOX_OAUTH_CLIENT.clientSecret });
      const before = codeExchanges();

      expect(await connectFromOptions(world)).toBe(`Connected to ${LOCATIONS.main.id}.`);
      expect(codeExchanges() - before).toBe(1);
      await sidebarShowsContact(world);
    } finally {
      world.sandbox.control.configure({ pkceWhenChallenged: false });
    }
  });

  it('says what to do when HighLevel refuses the sign-in (a wrong client secret), naming no secret', async () => {
    const wrongSecret = 'wrong-secret-3b9e1f0a7c';
    await configureApp(world, { mode: 'direct', clientSecret: wrongSecret });

    const text = await connectFromOptions(world);

    expect(text).toMatch(/did not accept this sign-in\. Connect again.*client secret.*settings/);
    expect(text).not.toContain(wrongSecret);
    expect(text).not.toContain(SANDBOX_OAUTH_CLIENT.clientSecret);
  });
});
