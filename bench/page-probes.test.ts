// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { type NavigationWait, navigationTimes, startNavigation, watchSidebar } from './page-probes.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Plays the page and the sidebar's frame in one document (jsdom has no frames): on navigation, the sidebar's DOM
 * is built step by step.
 */
function fakeSidebar(steps: { afterMs: number; html: string }[]) {
  const onNavigate = async () => {
    const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
    root.id = 'app';
    for (const step of steps) {
      await sleep(step.afterMs);
      root.innerHTML = step.html;
    }
  };
  window.addEventListener('popstate', onNavigate, { once: true });
}

/** What the benchmark does across the two documents: watch the sidebar, navigate the page, put the times together. */
async function navigateAndWait(wait: NavigationWait) {
  const watching = watchSidebar(wait);
  const start = startNavigation(wait.path);
  return navigationTimes(start, await watching);
}

const sections = (state: string, id = 'C1') =>
  `<aside class="hls-sidebar"><div class="hls-card" data-contact-id="${id}"></div>${['contact', 'tasks', 'notes', 'appointments'].map((s) => `<section data-section="${s}" data-state="${state}"></section>`).join('')}</aside>`;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('navigateAndWait', () => {
  it('navigates in place and times the card and the four ready sections from the navigation', async () => {
    fakeSidebar([
      { afterMs: 30, html: sections('loading') },
      { afterMs: 40, html: sections('ready') },
    ]);
    const times = await navigateAndWait({
      path: '/contacts/gt_1',
      contactId: 'C1',
      allSections: true,
      business: false,
      timeoutMs: 2_000,
    });
    expect(location.pathname).toBe('/contacts/gt_1');
    // The card shows with the loading sections; the sections are ready one step (≥ 40 ms) later.
    expect(times.cardMs).toBeGreaterThanOrEqual(25);
    expect(times.allSectionsMs).toBeGreaterThanOrEqual(times.cardMs + 35);
    // Wall clock, as the sandbox's request log and the other document's times are.
    expect(times.timeOrigin).toBe(0);
    expect(Math.abs(times.start - Date.now())).toBeLessThan(5_000);
  });

  it("does not take another contact's card for the one it waits for", async () => {
    fakeSidebar([
      { afterMs: 10, html: sections('ready', 'OTHER') },
      { afterMs: 60, html: sections('ready', 'C1') },
    ]);
    const times = await navigateAndWait({
      path: '/contacts/gt_2',
      contactId: 'C1',
      allSections: false,
      business: false,
      timeoutMs: 2_000,
    });
    expect(times.cardMs).toBeGreaterThanOrEqual(60);
    expect(times.allSectionsMs).toBeGreaterThanOrEqual(60);
  });

  it('waits for the business panel when asked, noting when its count and first row showed', async () => {
    const panel = (count: string, rows: string) =>
      `${sections('ready')}<section data-section="business"><p class="hls-count">${count}</p>${rows}</section>`;
    fakeSidebar([
      { afterMs: 5, html: panel('', '<li class="hls-business-row"></li>') },
      {
        afterMs: 30,
        html: panel('5040 contacts', '<li class="hls-business-row"><span class="hls-row-name">A</span></li>'),
      },
    ]);
    const times = await navigateAndWait({
      path: '/contacts/gt_3',
      contactId: 'C1',
      allSections: false,
      business: true,
      timeoutMs: 2_000,
    });
    expect(times.businessRowAt).not.toBeNull();
    expect(times.businessCountAt).toBe(times.businessRowAt);
    expect((times.businessRowAt ?? 0) - times.start).toBeGreaterThanOrEqual(30);
  });

  it('gives up after its timeout, saying what the sidebar showed', async () => {
    fakeSidebar([{ afterMs: 5, html: sections('loading') }]);
    await expect(
      navigateAndWait({
        path: '/contacts/gt_4',
        contactId: 'C1',
        allSections: true,
        business: false,
        timeoutMs: 100,
      }),
    ).rejects.toThrow(/contact:loading/);
  });
});
