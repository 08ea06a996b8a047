import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_BUSINESS, demoPerson } from '../../sandbox/fixtures.ts';
import { cardName, sidebar, sidebarFrame, waitForSections } from '../../scripts/tour.ts';
import { hostPart } from './host-ui.ts';
import { holdBack, openWorld, type World } from './world.ts';

const person = demoPerson;
const ana = person('ana');
const ben = person('ben');
const john = person('john1');
const nora = person('nora');
const gleantap = (p: ReturnType<typeof person>) => `https://app.gleantap.com/contacts/${p.gleantap?.id}`;

describe('the sidebar: reading', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite', seed: 'large' });
  });
  afterAll(async () => world?.close());

  it('shows candidates when only the name matches, and remembers the one the agent picks', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(john));
    const candidates = sidebar(page).locator('[data-match="ambiguous"] .hls-candidate');
    await candidates.first().waitFor({ timeout: 15_000 });
    expect(await candidates.count()).toBeGreaterThanOrEqual(2);
    await expect(candidates.first().textContent()).resolves.toContain('same name');
    await sidebar(page).locator(`.hls-candidate[data-contact-id="${john.ghlContactId}"] button`).click();
    await waitForSections(page);
    await expect(sidebar(page).locator('.hls-card').getAttribute('data-contact-id')).resolves.toBe(
      john.ghlContactId,
    );

    // Remembered: opening the record again goes straight to the linked contact, with no search.
    world.sandbox.control.clearRequests();
    await page.reload();
    await waitForSections(page);
    const paths = world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com');
    expect(paths.some((r) => r.path === '/contacts/search')).toBe(false);
    await page.close();
  });

  it('says so when nobody in HighLevel matches', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(nora));
    await sidebar(page).locator('[data-state="no-match"]').waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('lists the 5,000 contacts of a business in a virtual list that keeps the DOM small while scrolling', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const panel = sidebar(page).locator('[data-section="business"]');
    await panel.locator('.hls-row-name').first().waitFor({ timeout: 15_000 });
    const expected = world.sandbox.control.data.businessContacts(BIG_BUSINESS.id).length;
    expect(expected).toBeGreaterThanOrEqual(5000);
    await expect(panel.locator('.hls-count').textContent()).resolves.toContain(String(expected));
    const scroller = panel.locator('.hls-business-scroll');
    let most = 0;
    for (const top of [2000, 20_000, 100_000, 200_000]) {
      await scroller.evaluate((el, y) => {
        el.scrollTop = y;
      }, top);
      await page.waitForTimeout(150);
      most = Math.max(most, await panel.locator('.hls-business-row').count());
    }
    expect(most).toBeLessThanOrEqual(60);
    await panel.locator('.hls-row-name').first().waitFor();
    const firstIndex = Number(await panel.locator('.hls-business-row').first().getAttribute('data-index'));
    expect(firstIndex).toBeGreaterThan(4000);
    await page.close();
  });

  it('does not take the previous contact, still shown while the CRM loads the next, for the next one', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    // Ben's data comes a second late; meanwhile Gleantap keeps Ana on screen under a progress bar.
    await holdBack(page, `**/api/contacts/${ben.gleantap?.id}`, 1_000);
    await page.evaluate((path) => {
      history.pushState({}, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/contacts/${ben.gleantap?.id}`);
    await page.getByRole('progressbar').waitFor();
    expect(await page.locator('.contact-name').textContent()).toBe('Ana García');
    await page.locator('.contact-name', { hasText: 'Ben Carter' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => cardName(page), { timeout: 15_000 }).toBe('Ben Carter');
    await expect(sidebar(page).locator('.hls-match-note').textContent()).resolves.toContain('phone');
    await page.close();
  });

  it('does not take the list, still shown while the CRM loads the contact opened from it, for the contact', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    await holdBack(page, `**/api/contacts/${ben.gleantap?.id}`, 1_000);
    await page.getByRole('link', { name: 'Ben Carter' }).first().click();
    await page.getByRole('progressbar').waitFor();
    await page.locator('.contact-name', { hasText: 'Ben Carter' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => cardName(page), { timeout: 15_000 }).toBe('Ben Carter');
    await page.close();
  });

  it('keeps one sidebar and the right contact through fifty A → B → A navigations, without growing listeners', async () => {
    const page = await world.newPage();
    await page.goto('https://app.gleantap.com/contacts');
    const go = (id: string | undefined) =>
      page.evaluate((path) => {
        history.pushState({}, '', path);
        dispatchEvent(new PopStateEvent('popstate'));
      }, `/contacts/${id}`);
    // Both counts are taken with every section shown, the business list's rows included: a count taken while
    // the list was still loading would differ by its rows, not by anything left behind.
    const settled = async () => {
      await waitForSections(page);
      await sidebar(page)
        .locator('[data-section="business"] .hls-row-name')
        .first()
        .waitFor({ timeout: 15_000 });
    };
    await go(ana.gleantap?.id);
    await settled();
    const cdp = await page.context().newCDPSession(page);
    const listenerCount = async () => {
      const { result } = await cdp.send('Runtime.evaluate', { expression: 'document' });
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', {
        objectId: result.objectId ?? '',
        depth: -1,
        pierce: true,
      });
      const win = await cdp.send('Runtime.evaluate', { expression: 'window' });
      const onWindow = await cdp.send('DOMDebugger.getEventListeners', {
        objectId: win.result.objectId ?? '',
      });
      return listeners.length + onWindow.listeners.length;
    };
    const before = await listenerCount();
    for (let i = 0; i < 50; i++) {
      await go(ben.gleantap?.id);
      await go(ana.gleantap?.id);
    }
    await expect.poll(() => cardName(page), { timeout: 15_000 }).toBe('Ana García');
    await settled();
    expect(page.frames().filter((frame) => frame.url().includes('/sidebar-frame.html')).length).toBe(1);
    const after = await listenerCount();
    expect(after - before).toBeLessThanOrEqual(5);
    await page.close();
  });
});

describe('the sidebar: frame and accessibility', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('folds to a launcher tab and comes back, remembering the choice on the next page', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    await sidebar(page).getByRole('button', { name: 'Close sidebar' }).click();
    const launcher = hostPart(page, 'launcher');
    await launcher.waitFor();
    await page.waitForTimeout(400);
    await page.reload();
    await launcher.waitFor({ timeout: 15_000 });
    await launcher.focus();
    await page.keyboard.press('Enter');
    await waitForSections(page);
    await page.close();
  });

  it('resizes from the keyboard', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const edge = hostPart(page, 'resizer');
    const before = Number(await edge.getAttribute('aria-valuenow'));
    await edge.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(Number(await edge.getAttribute('aria-valuenow'))).toBe(before + 40);
    await page.close();
  });

  it('has no serious or critical accessibility violation (axe-core)', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const require = createRequire(import.meta.url);
    // The sidebar is its own page in a frame: axe runs there (evaluated through the debugger: the extension page's
    // policy allows no injected script tag).
    const frame = await sidebarFrame(page);
    await frame.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await frame.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              ctx: unknown,
              opts: unknown,
            ) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
          };
        }
      ).axe;
      const result = await axe.run({ include: [['.hls-sidebar']] }, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  });
});
