/**
 * The sidebar in Firefox, production build against the sandbox: connected through the options page with a
 * Private Integration Token, on both demo CRMs, following in-app navigation, with nothing of HighLevel's in reach
 * of the page's own scripts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { type FirefoxWorld, openFirefoxWorld, sidebarShows } from './firefox.ts';

const ana = demoPerson('ana');
const ben = demoPerson('ben');

describe('the sidebar in Firefox', () => {
  let world: FirefoxWorld;
  beforeAll(async () => {
    world = await openFirefoxWorld('mainReadWrite');
  });
  afterAll(async () => world?.close());

  it('shows the matched HighLevel contact with its tasks on Gleantap, and on Gestioo', async () => {
    const openTask = world.sandbox.control.data.tasks(ana.ghlContactId ?? '').find((task) => !task.completed);
    expect(openTask).toBeDefined();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    await sidebarShows(page, 'Ana García');
    await sidebarShows(page, openTask?.title ?? '');
    await page.goto(`https://app.gestioo.com/clientes/${ana.gestioo?.id}`);
    await sidebarShows(page, 'Ana García');
    await page.close();
  });

  it('follows in-app navigation from the contacts list to a contact', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    const link = await page.waitForSelector(`::-p-text(${ben.firstName} ${ben.lastName})`);
    await link?.click();
    await page.waitForFunction((id) => location.pathname.endsWith(`/contacts/${id}`), {}, ben.gleantap?.id);
    await sidebarShows(page, `${ben.firstName} ${ben.lastName}`);
    await page.close();
  });

  it('leaves the page’s own scripts nothing of HighLevel’s to read', async () => {
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}`);
    const titles = world.sandbox.control.data.tasks(ana.ghlContactId ?? '').map((task) => task.title);
    await sidebarShows(page, titles[0] ?? '');
    const reachable = await page.evaluate(() => {
      const seen: string[] = [];
      const walk = (root: Document | ShadowRoot) => {
        seen.push((root as Document).documentElement?.outerHTML ?? (root as ShadowRoot).innerHTML ?? '');
        for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
      };
      walk(document);
      for (let i = 0; i < window.frames.length; i++) {
        try {
          seen.push(window.frames[i]?.document.documentElement.outerHTML ?? '');
        } catch {
          seen.push('[cross-origin frame]');
        }
      }
      return seen.join('\n');
    });
    expect(titles.filter((title) => reachable.includes(title))).toEqual([]);
    expect(reachable.includes(ana.ghlContactId ?? '')).toBe(false);
    await page.close();
  });
});
