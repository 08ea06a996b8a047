/**
 * Searching HighLevel by hand, in both browsers: on a page nobody in HighLevel matches (Nora), the agent types a
 * name letter by letter (one search goes out, not one per key), picks a contact, and the sidebar shows it with
 * every section; the link survives a reload; "Not this contact" takes it back. A whole email is looked up
 * exactly, with no free-text search.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { cardName, waitForSections } from '../../scripts/drive/steps.ts';
import type { DriverWorld } from '../../scripts/drive/types.ts';
import { apiRequests, browserName, openWorld, pause } from './world.ts';

const nora = demoPerson('nora');
const ben = demoPerson('ben');
const NORA = `https://app.gleantap.com/contacts/${nora.gleantap?.id}`;
const INPUT = '[data-search="hls-search-none"] input[role="combobox"]';
const option = (id: string | null) => `[role="option"][data-contact-id="${id}"]`;

/** The searches by hand that reached HighLevel: free text and exact lookups. */
const searches = (world: DriverWorld) => {
  const api = apiRequests(world);
  return {
    text: api.filter((r) => r.method === 'POST' && r.path === '/contacts/search'),
    exact: api.filter((r) => r.path === '/contacts/search/duplicate'),
  };
};

describe(`searching HighLevel by hand (${browserName()})`, () => {
  let world: DriverWorld;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('finds a contact by name on a page nobody matched, links it, and keeps the link after a reload', async () => {
    const page = await world.newPage();
    await page.goto(NORA);
    await page.sidebar.waitFor('[data-state="no-match"]', { timeout: 15_000 });
    world.sandbox.control.clearRequests();

    // Typed as an agent types, a key at a time: the box asks once they pause, not at every key.
    await page.sidebar.click(INPUT);
    for (const key of 'carter') {
      await page.press(key);
      await pause(40);
    }
    await page.sidebar.waitFor(option(ben.ghlContactId));
    const typed = searches(world);
    console.info(
      `[search] ${browserName()}: typing "carter" sent ${typed.text.length} POST /contacts/search, ` +
        `${typed.exact.length} duplicate lookups (${typed.text.map((r) => JSON.stringify(r.body)).join(', ')})`,
    );
    expect(typed.text.length).toBeGreaterThanOrEqual(1);
    expect(typed.text.length).toBeLessThanOrEqual(2);
    expect(typed.exact).toHaveLength(0);
    expect(typed.text.every((r) => (r.body as { pageLimit?: number }).pageLimit === 10)).toBe(true);
    expect(typed.text.at(-1)?.body).toMatchObject({ query: 'carter' });
    expect(await page.sidebar.text(option(ben.ghlContactId))).toContain(ben.email ?? '');

    // Picked from the keyboard: Down to the result, Enter.
    const index = await page.sidebar.evaluate(
      (id) =>
        [...document.querySelectorAll('[data-search="hls-search-none"] [role="option"]')].findIndex(
          (el) => el.getAttribute('data-contact-id') === id,
        ),
      ben.ghlContactId,
    );
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= index; i++) await page.press('ArrowDown');
    await page.press('Enter');
    await waitForSections(page);
    expect(await cardName(page)).toBe('Ben Carter');
    expect(await page.sidebar.count(`.hls-card[data-contact-id="${ben.ghlContactId}"]`)).toBe(1);
    expect(await page.sidebar.count({ css: '.hls-match-note', text: 'Linked to this record by hand.' })).toBe(
      1,
    );

    // Reloaded: still Ben, from the link, without searching again.
    world.sandbox.control.clearRequests();
    await page.reload();
    await waitForSections(page);
    expect(await cardName(page)).toBe('Ben Carter');
    const after = searches(world);
    expect(after.text.length + after.exact.length).toBe(0);

    // "Not this contact" takes the link back: nobody matches Nora again, and the search is there.
    await page.sidebar.click('[data-action="unlink"]');
    await page.sidebar.waitFor('[data-state="no-match"]', { timeout: 15_000 });
    await page.sidebar.waitFor(INPUT);
    await page.close();
  });

  it('looks a whole email up exactly: one duplicate lookup, no free-text search', async () => {
    const page = await world.newPage();
    await page.goto(NORA);
    await page.sidebar.waitFor('[data-state="no-match"]', { timeout: 15_000 });
    world.sandbox.control.clearRequests();
    await page.sidebar.fill(INPUT, ben.email ?? '');
    await page.sidebar.waitFor(option(ben.ghlContactId));
    const { text, exact } = searches(world);
    expect(exact).toHaveLength(1);
    expect(exact[0]?.query).toMatchObject({ email: ben.email });
    expect(text).toHaveLength(0);
    expect(await page.sidebar.count({ css: '.hls-badge', text: 'exact match' })).toBe(1);
    await page.close();
  });
});
