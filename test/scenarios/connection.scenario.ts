/**
 * One-click OAuth, in both browsers: the redirect URI the settings show is the browser's own, and an admin connects
 * through the token broker (which admits Firefox's random per-installation origin by the add-on's redirect URI) or
 * in direct mode (the client secret in the extension); after each, the sidebar shows the contact. A refused sign-in
 * says what to do, and names no secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../broker/node-server.ts';
import { demoPerson, LOCATIONS, SANDBOX_OAUTH_CLIENT } from '../../sandbox/fixtures.ts';
import { waitForSections } from '../../scripts/drive/steps.ts';
import type { DriverWorld } from '../../scripts/drive/types.ts';
import { browserName, openWorld, startTestBroker } from './world.ts';

const ana = demoPerson('ana');
const APP_FORM = 'form:has(input[name="clientId"])';

type AppSettings = { mode: 'broker'; brokerUrl: string } | { mode: 'direct'; clientSecret: string };

/** The admin saves the OAuth app in the settings (a fresh options page: its result line is this save's). */
async function configureApp(world: DriverWorld, app: AppSettings): Promise<void> {
  const options = await world.openExtensionPage('options.html');
  await options.click(`${APP_FORM} fieldset label:nth-of-type(${app.mode === 'broker' ? 1 : 2}) input`);
  await options.fill('input[name="clientId"]', SANDBOX_OAUTH_CLIENT.clientId);
  if (app.mode === 'broker') await options.fill('input[name="brokerUrl"]', app.brokerUrl);
  else await options.fill('input[name="clientSecret"]', app.clientSecret);
  await options.click(`${APP_FORM} button[type="submit"]`);
  expect(await options.text('[data-testid="app-result"]')).toBe('Saved.');
  await options.close();
}

/** The admin clicks Connect in the settings and approves consent; answers the line the settings then show. */
async function connectFromOptions(world: DriverWorld): Promise<string> {
  const options = await world.openExtensionPage('options.html');
  const consentOpens = world.waitForPage((url) => url.includes('/oauth/chooselocation'), { timeout: 20_000 });
  await options.click('section[aria-labelledby="oauth-heading"] button');
  const consent = await consentOpens;
  await consent.click(`input[name="location"][value="${LOCATIONS.main.id}"]`);
  await consent.click('#approve');
  const text = await options.text('[data-testid="oauth-result"]', { timeout: 30_000 });
  await options.close();
  return text;
}

/** An agent opens Ana in Gleantap: the sidebar shows her HighLevel contact. */
async function sidebarShowsAna(world: DriverWorld): Promise<void> {
  const page = await world.newPage();
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
  await waitForSections(page, 20_000);
  expect(await page.sidebar.text('.hls-card-name')).toBe('Ana García');
  await page.close();
}

describe(`OAuth (${browserName()})`, () => {
  let world: DriverWorld;
  let broker: RunningBroker;
  const codeExchanges = () => world.sandbox.control.tokenStats().byGrantType.authorization_code ?? 0;

  beforeAll(async () => {
    world = await openWorld({ connect: null });
    broker = await startTestBroker(world);
  });
  afterAll(async () => {
    await broker?.close();
    await world?.close();
  });

  it('shows this browser’s own redirect URI in the settings, the one identity.getRedirectURL gives', async () => {
    await configureApp(world, { mode: 'broker', brokerUrl: broker.url });
    const options = await world.openExtensionPage('options.html');
    const shown = await options.text('section[aria-labelledby="app-heading"] code');
    const fromBrowser = await options.evaluate(() =>
      ((globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome).identity.getRedirectURL(
        'oauth',
      ),
    );
    expect(shown.trim()).toBe(world.redirectUri);
    expect(fromBrowser).toBe(world.redirectUri);
    await options.close();
  });

  it('connects through the token broker, which admits this extension by its redirect URI', async () => {
    await configureApp(world, { mode: 'broker', brokerUrl: broker.url });
    const before = codeExchanges();
    expect(await connectFromOptions(world)).toBe(`Connected to ${LOCATIONS.main.id}.`);
    expect(codeExchanges() - before).toBe(1);
    await sidebarShowsAna(world);
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
      const consent = world.sandbox.control.requests().filter((r) => r.path.endsWith('/chooselocation'));
      expect(consent.at(-1)?.query).not.toHaveProperty('code_challenge');
      await sidebarShowsAna(world);
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
