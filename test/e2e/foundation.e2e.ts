import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { contentWorld } from '../../scripts/drive/content-world.ts';
import { cardName, sidebar } from '../../scripts/tour.ts';
import { holdBack, openWorld, type World } from './world.ts';

const person = demoPerson;
const ana = person('ana');
const ben = person('ben');
/** Which of the content script's on-demand modules the page's isolated world has loaded. */
const MODULES_LOADED = `[['host-page', '__hlHostPage']]
  .filter(([, global]) => global in globalThis).map(([name]) => name)`;
/** Whether the page has the sidebar's frame (the sidebar's UI is that frame, the extension's own page). */
const hasSidebarFrame = (page: Page) =>
  page.frames().some((frame) => frame.url().includes('/sidebar-frame.html'));

describe('the sidebar on the demo CRMs, production build against the sandbox', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('follows in-app navigation to another contact without a reload, loading its modules only then', async () => {
    const page = await world.newPage();
    // Load the list, then move by clicking inside the single-page app: a marker on window survives only if
    // the page never reloads.
    await page.goto('https://app.gleantap.com/contacts');
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    const content = await contentWorld(page, world.browser.extensionId);
    await expect(content.evaluate<string[]>(MODULES_LOADED)).resolves.toEqual([]);
    await page
      .getByRole('link', { name: `${ben.firstName} ${ben.lastName}` })
      .first()
      .click();
    await expect.poll(() => cardName(page), { timeout: 15_000 }).toBe('Ben Carter');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await expect(sidebar(page).locator('.hls-match-note').textContent()).resolves.toContain('phone');
    await expect(content.evaluate<string[]>(MODULES_LOADED)).resolves.toEqual(['host-page']);
    expect(hasSidebarFrame(page)).toBe(true);
    await content.close();
    await page.close();
  });

  it('leaves a full page load to the next page: the page being left loads none of its modules', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    await page.getByRole('link').first().waitFor();
    const content = await contentWorld(page, world.browser.extensionId);
    // The list page notes, as it goes, which modules it loaded, where the next page of the tab can read it.
    await content.evaluate(`addEventListener('pagehide', () =>
      sessionStorage.setItem('modulesWhenLeft', JSON.stringify(${MODULES_LOADED})))`);
    await content.close();
    // The next document is held back for a second: time enough for the page being left to load a module.
    const benPath = `/contacts/${ben.gleantap?.id}`;
    await holdBack(page, (url) => url.pathname === benPath, 1_000);
    await page.evaluate((path) => location.assign(path), benPath);
    await page.waitForURL(`**${benPath}`);
    await expect.poll(() => cardName(page), { timeout: 15_000 }).toBe('Ben Carter');
    const left = await page.evaluate(() => sessionStorage.getItem('modulesWhenLeft'));
    expect(JSON.parse(left ?? 'null')).toEqual([]);
    await page.close();
  });

  it('matches the contact of a page slow to show the person (its data a second and a half late)', async () => {
    const page = await world.newPage();
    await holdBack(page, `**/api/contacts/${ben.gleantap?.id}`, 1_500);
    await page.goto(`https://app.gleantap.com/contacts/${ben.gleantap?.id}`);
    await expect.poll(() => cardName(page), { timeout: 15_000 }).toBe('Ben Carter');
    await expect(sidebar(page).locator('.hls-match-note').textContent()).resolves.toContain('phone');
    await page.close();
  });

  it('stays out of pages that are not a contact, loading none of its modules', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(hasSidebarFrame(page)).toBe(false);
    const content = await contentWorld(page, world.browser.extensionId);
    await expect(content.evaluate<string[]>(MODULES_LOADED)).resolves.toEqual([]);
    expect(hasSidebarFrame(page)).toBe(false);
    await content.close();
    await page.close();
  });

  it('opens the sidebar from the shortcut on a page that is not a contact', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    await page.getByRole('link').first().waitFor();
    const content = await contentWorld(page, world.browser.extensionId);
    await expect(content.evaluate<string[]>(MODULES_LOADED)).resolves.toEqual([]);
    // What the background does on the toggle-sidebar command (headless Chromium has no shortcut keys).
    await world.browser.serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ url: 'https://app.gleantap.com/contacts' });
      if (tab?.id === undefined) throw new Error('no list tab');
      await chrome.tabs.sendMessage(tab.id, { id: 1, type: 'sidebar.toggle', timestamp: Date.now() });
    });
    await sidebar(page).locator('[data-state="no-contact-page"]').waitFor({ timeout: 15_000 });
    await content.close();
    await page.close();
  });
});

describe('the sidebar before any connection', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: null });
  });
  afterAll(async () => world?.close());

  it('offers to connect, and makes no request to HighLevel', async () => {
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await sidebar(page).locator('[data-state="not-connected"]').waitFor({ timeout: 15_000 });
    await expect(sidebar(page).getByRole('button', { name: 'Connect HighLevel' }).count()).resolves.toBe(1);
    expect(world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com')).toEqual(
      [],
    );
    await page.close();
  });
});
