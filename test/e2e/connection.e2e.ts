import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../broker/node-server.ts';
import { DEMO_PEOPLE, LOCATIONS, SANDBOX_OAUTH_CLIENT, SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { cardName, sidebar, waitForSections } from '../../scripts/tour.ts';
import { contentWorld, sendFromPage } from './content-world.ts';
import { openWorld, startTestBroker, type World } from './world.ts';

const ana = DEMO_PEOPLE.find((p) => p.key === 'ana');
if (!ana?.ghlContactId || !ana.gleantap) throw new Error('fixtures: Ana');
const TOKEN_LIFETIME_S = 3;

async function approveConsent(world: World, tamper?: (url: URL) => void): Promise<void> {
  const consent = await world.browser.context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/oauth/chooselocation'),
    timeout: 15_000,
  });
  await consent.waitForLoadState();
  if (tamper) {
    const url = new URL(consent.url());
    tamper(url);
    await consent.goto(url.href);
  }
  await consent.locator(`input[name="location"][value="${LOCATIONS.main.id}"]`).check();
  await consent.locator('#approve').click();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('one-click HighLevel connection through the token broker', () => {
  let world: World;
  let broker: RunningBroker;
  let options: Page;

  const tokenStats = () => world.sandbox.control.tokenStats();
  const section = (fresh = true) =>
    sendFromPage(options, 'contact.section', {
      site: 'gleantap',
      contactId: ana.ghlContactId,
      section: 'tasks',
      fresh,
    });

  beforeAll(async () => {
    world = await openWorld({ connect: null });
    world.sandbox.control.configure({ tokenLifetimeSeconds: TOKEN_LIFETIME_S });
    broker = await startTestBroker(world);
    options = await world.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
  });
  afterAll(async () => {
    await broker?.close();
    await world?.close();
  });

  it('lets an admin configure the app once, then connects from the sidebar in one click through consent', async () => {
    await options.getByLabel('Client id').fill(SANDBOX_OAUTH_CLIENT.clientId);
    await options.getByLabel('Broker URL').fill(broker.url);
    await options.getByRole('button', { name: 'Save app' }).click();
    await expect(options.getByTestId('app-result').textContent()).resolves.toBe('Saved.');

    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    const connect = sidebar(page).getByRole('button', { name: 'Connect HighLevel' });
    await connect.waitFor();
    await Promise.all([approveConsent(world), connect.click()]);
    await waitForSections(page);
    await expect(cardName(page)).resolves.toBe('Ana García');
    expect(tokenStats().byGrantType.authorization_code).toBe(1);
    await page.close();
  });

  it('makes exactly one token request for 25 concurrent requests with an expired access token, and all succeed', async () => {
    await options.waitForTimeout(TOKEN_LIFETIME_S * 1000 + 500);
    const before = tokenStats().byGrantType.refresh_token ?? 0;
    const replies = (await options.evaluate(
      ([contactId]) =>
        Promise.all(
          Array.from({ length: 25 }, () =>
            chrome.runtime.sendMessage({
              id: 1,
              type: 'contact.section',
              data: { site: 'gleantap', contactId, section: 'tasks', fresh: true },
              timestamp: Date.now(),
            }),
          ),
        ),
      [ana.ghlContactId],
    )) as { res?: { ok: boolean } }[];
    expect(replies.filter((r) => r.res?.ok).length).toBe(25);
    expect((tokenStats().byGrantType.refresh_token ?? 0) - before).toBe(1);
    expect(tokenStats().refreshTokensAlive[LOCATIONS.main.id]).toBe(1);
  });

  it('keeps nothing a content script can reach that holds a token', async () => {
    const tokens = [...world.sandbox.control.issuedOAuthTokens()];
    expect(tokens.length).toBeGreaterThan(2);
    const reachable = (await options.evaluate(async () =>
      JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.sync.get(null)]),
    )) as string;
    for (const token of tokens) expect(reachable.includes(token)).toBe(false);

    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await waitForSections(page);
    const content = await contentWorld(page, world.browser.extensionId);
    // storage.session (access tokens) is closed to content scripts.
    await expect(content.evaluate('chrome.storage.session.get(null)')).rejects.toThrow(/not allowed|Access/i);
    const replies = JSON.stringify([
      await content.send('status.get', { site: 'gleantap' }),
      await content.send('contact.match', {
        site: 'gleantap',
        page: { site: 'gleantap', hostRecordId: ana.gleantap?.id, email: ana.email },
        settled: true,
      }),
      await content.send('contact.section', {
        site: 'gleantap',
        contactId: ana.ghlContactId,
        section: 'contact',
        fresh: true,
      }),
      await content.send('oauth.app.get', undefined),
      await content.send('connection.addPit', {
        token: SANDBOX_PITS.mainReadOnly.token,
        locationId: LOCATIONS.main.id,
      }),
    ]);
    for (const token of tokens) expect(replies.includes(token)).toBe(false);
    expect(replies).not.toContain(SANDBOX_OAUTH_CLIENT.clientSecret);
    // Messages meant for extension pages are refused to a content script, with no effect.
    const addPit = (await content.send('connection.addPit', {
      token: SANDBOX_PITS.mainReadOnly.token,
      locationId: LOCATIONS.main.id,
    })) as {
      res: { ok: boolean; error?: { kind: string } };
    };
    expect(addPit.res).toEqual({ ok: false, error: { kind: 'sender.denied' } });
    await content.close();
    await page.close();
  });

  it('rejects a consent answer whose state was tampered with, without any token request', async () => {
    const before = tokenStats().byGrantType.authorization_code ?? 0;
    const reply = sendFromPage(options, 'connection.oauth', { write: false });
    await approveConsent(world, (url) => url.searchParams.set('state', 'forged-state-value'));
    const answer = (await reply) as { res: { ok: boolean; error?: { kind: string } } };
    expect(answer.res.ok).toBe(false);
    expect(answer.res.error?.kind).toBe('auth.state');
    expect(tokenStats().byGrantType.authorization_code ?? 0).toBe(before);
  });

  it('survives the service worker being killed in the middle of a refresh: connected or asked to reconnect, never looping', async () => {
    await options.waitForTimeout(TOKEN_LIFETIME_S * 1000 + 500);
    world.sandbox.control.configure({ latencyMs: 1500 });
    const before = tokenStats().byGrantType.refresh_token ?? 0;
    void section().catch(() => undefined);
    await expect.poll(() => tokenStats().tokenRequests, { timeout: 5000 }).toBeGreaterThan(0);
    await options.waitForTimeout(300);
    // Kill the extension's service worker while the refresh is in flight.
    const cdp = await world.browser.context.browser()?.newBrowserCDPSession();
    if (!cdp) throw new Error('no browser CDP session');
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.includes(world.browser.extensionId),
    );
    if (!worker) throw new Error('extension service worker not found');
    await cdp.send('Target.closeTarget', { targetId: worker.targetId });
    world.sandbox.control.configure({ latencyMs: 0 });
    await options.waitForTimeout(2000);

    const after = (await section()) as { res?: { ok: boolean; error?: { kind: string } } };
    const outcome = after.res?.ok ? 'connected' : after.res?.error?.kind;
    expect(['connected', 'auth.expired']).toContain(outcome);
    const settled = tokenStats().byGrantType.refresh_token ?? 0;
    await options.waitForTimeout(2000);
    // No loop: nothing more is asked of the token endpoint while nobody needs a token.
    expect(tokenStats().byGrantType.refresh_token ?? 0).toBe(settled);
    expect(settled - before).toBeLessThanOrEqual(2);
    expect(tokenStats().refreshTokensAlive[LOCATIONS.main.id] ?? 0).toBeLessThanOrEqual(1);
  });
});

/** The admin saves a direct-mode app (the client secret kept in the extension) in a freshly loaded settings page. */
async function configureDirectApp(options: Page, clientSecret: string): Promise<void> {
  await options.reload();
  await options.getByLabel(/^Direct/).check();
  await options.getByLabel('Client id').fill(SANDBOX_OAUTH_CLIENT.clientId);
  await options.getByLabel(/^Client secret/).fill(clientSecret);
  await options.getByRole('button', { name: 'Save app' }).click();
  await expect(options.getByTestId('app-result').textContent()).resolves.toBe('Saved.');
}

/** The admin clicks Connect in the settings and approves consent; answers the line the settings then show. */
async function connectFromOptions(world: World, options: Page): Promise<string> {
  await options.reload();
  const connect = options.locator('section[aria-labelledby="oauth-heading"] button');
  await Promise.all([approveConsent(world), connect.click()]);
  return (await options.getByTestId('oauth-result').textContent({ timeout: 30_000 })) ?? '';
}

describe('one-click HighLevel connection in direct mode (the client secret in the extension)', () => {
  let world: World;
  let options: Page;
  const codeExchanges = () => world.sandbox.control.tokenStats().byGrantType.authorization_code ?? 0;

  beforeAll(async () => {
    world = await openWorld({ connect: null });
    options = await world.newPage();
    await options.goto(`chrome-extension://${world.browser.extensionId}/options.html`);
  });
  afterAll(async () => world?.close());

  it('shows Chrome’s redirect URI for the app, then connects, and the sidebar shows the contact', async () => {
    await configureDirectApp(options, SANDBOX_OAUTH_CLIENT.clientSecret);
    await expect(options.locator('section[aria-labelledby="app-heading"] code').textContent()).resolves.toBe(
      `https://${world.browser.extensionId}.chromiumapp.org/oauth`,
    );

    expect(await connectFromOptions(world, options)).toBe(`Connected to ${LOCATIONS.main.id}.`);
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await waitForSections(page);
    await expect(cardName(page)).resolves.toBe('Ana García');
    await page.close();
  });

  it('connects against a token endpoint that enforces the PKCE challenge it was sent: direct mode sends none', async () => {
    world.sandbox.control.configure({ pkceWhenChallenged: true });
    try {
      const before = codeExchanges();
      expect(await connectFromOptions(world, options)).toBe(`Connected to ${LOCATIONS.main.id}.`);
      expect(codeExchanges() - before).toBe(1);
      const consent = world.sandbox.control.requests().filter((r) => r.path.endsWith('/chooselocation'));
      expect(consent.at(-1)?.query).not.toHaveProperty('code_challenge');
    } finally {
      world.sandbox.control.configure({ pkceWhenChallenged: false });
    }
  });

  it('says what to do when HighLevel refuses the sign-in (a wrong client secret), naming no secret', async () => {
    const wrongSecret = 'wrong-secret-3b9e1f0a7c';
    await configureDirectApp(options, wrongSecret);

    const text = await connectFromOptions(world, options);

    expect(text).toMatch(/did not accept this sign-in\. Connect again.*client secret.*settings/);
    expect(text).not.toContain(wrongSecret);
    expect(text).not.toContain(SANDBOX_OAUTH_CLIENT.clientSecret);
  });
});

describe('the built extension', () => {
  it('contains no client secret and no token', () => {
    const files = ['.output/chrome-mv3', '.output/firefox-mv3'].flatMap((dir) => {
      try {
        return filesUnder(dir);
      } catch {
        return [];
      }
    });
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      expect(text.includes(SANDBOX_OAUTH_CLIENT.clientSecret), file).toBe(false);
      for (const pit of Object.values(SANDBOX_PITS)) expect(text.includes(pit.token), file).toBe(false);
    }
  });
});
