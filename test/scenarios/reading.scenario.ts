/**
 * Reading, in both browsers: connected with a PIT through the options page, the sidebar shows the matched
 * HighLevel contact on both demo CRMs, follows in-app navigation, and renders hostile text as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { cardName, waitForSections } from '../../scripts/drive/steps.ts';
import type { DriverWorld } from '../../scripts/drive/types.ts';
import { apiRequests, browserName, openWorld, pause } from './world.ts';

const ana = demoPerson('ana');
const ben = demoPerson('ben');
const xss = demoPerson('xss');
const anaId = ana.ghlContactId ?? '';

describe(`the sidebar reads HighLevel (${browserName()})`, () => {
  let world: DriverWorld;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('shows the matched contact with its tasks, notes and appointments on Gleantap, from HighLevel’s own hostname', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await waitForSections(page);
    expect(await cardName(page)).toBe('Ana García');
    const openTask = world.sandbox.control.data.tasks(anaId).find((t) => !t.completed);
    expect(openTask).toBeDefined();
    expect(await page.sidebar.count({ css: '.hls-task-title', text: openTask?.title ?? '' })).toBeGreaterThan(
      0,
    );
    expect(await page.sidebar.count('.hls-note')).toBe(world.sandbox.control.data.notes(anaId).length);
    const api = apiRequests(world);
    expect(api.every((r) => r.locationId === ana.locationId && r.status === 200)).toBe(true);
    expect(api.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /contacts/search',
        `GET /contacts/${anaId}/tasks`,
        `GET /contacts/${anaId}/notes`,
        `GET /contacts/${anaId}/appointments`,
      ]),
    );
    await page.close();
  });

  it('shows the same contact on Gestioo, from the Spanish page', async () => {
    const page = await world.newPage();
    await page.goto(`https://app.gestioo.com/clientes/${ana.gestioo?.id}`);
    await waitForSections(page);
    expect(await cardName(page)).toBe('Ana García');
    await page.close();
  });

  it('follows in-app navigation from the contacts list to a contact, without a reload', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    await page.evaluate(() => {
      (window as unknown as { __noReload: boolean }).__noReload = true;
    });
    await page.click({ css: 'a', text: `${ben.firstName} ${ben.lastName}` });
    await expect.poll(() => page.url()).toContain(`/contacts/${ben.gleantap?.id}`);
    await page.sidebar.waitFor({ css: '.hls-card-name', text: 'Ben Carter' });
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.close();
  });

  it('renders script payloads in contact fields, tags, notes and tasks as inert text', async () => {
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${xss.gleantap?.id}`);
    await waitForSections(page);
    expect(await cardName(page)).toContain('<img src=x');
    // No element was made from data: the sidebar holds no img, svg, script, b or i, and no payload ran.
    expect(await page.sidebar.count('img, svg, script, b, i')).toBe(0);
    await pause(300);
    expect(
      await page.sidebar.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });
});
