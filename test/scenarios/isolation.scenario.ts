/**
 * The host page is a stranger, in both browsers: a script of the CRM page itself (its main world — the CRM's own
 * code, a compromised CRM, an XSS) tries what an attacker would, and gets nothing of HighLevel's and does nothing
 * to it. Chromium also checks what the content script's own world may ask (test/e2e/host-page.e2e.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { waitForSections } from '../../scripts/drive/steps.ts';
import type { DriverPage, DriverWorld } from '../../scripts/drive/types.ts';
import { apiRequests, apiWrites, browserName, openWorld, pause } from './world.ts';

const ana = demoPerson('ana');
const ben = demoPerson('ben');
const ANA = `https://app.gleantap.com/contacts/${ana.gleantap?.id}`;

/** Every text a main-world script can reach on the page: the DOM, open shadow roots, and same-origin frames. */
function readEverything(): string {
  const seen: string[] = [];
  const walk = (root: Element | ShadowRoot | undefined | null) => {
    if (!root) return;
    seen.push((root as Element).innerHTML ?? '', root.textContent ?? '');
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      for (const attr of el.attributes ?? []) seen.push(attr.value);
      if ('value' in el && typeof el.value === 'string') seen.push(el.value);
    }
  };
  walk(document.documentElement);
  for (let i = 0; i < window.frames.length; i++) {
    try {
      walk(window.frames[i]?.document.documentElement);
    } catch {
      seen.push('[cross-origin frame]');
    }
  }
  // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what a script could also read.
  seen.push(document.body?.innerText ?? '');
  return seen.join('\n');
}

/** What only HighLevel knows of a person (the host page shows the name, email and phone itself). */
function highLevelOnly(world: DriverWorld, id: string): string[] {
  const { data } = world.sandbox.control;
  return [
    id,
    ...data.tasks(id).map((task) => task.title),
    ...data.notes(id).map((note) => note.body.slice(0, 40)),
  ].filter((text) => text.length >= 6);
}

/** Waits until the extension has read `id`'s tasks from HighLevel: the sidebar has the person's data by then. */
async function waitForRead(world: DriverWorld, id: string): Promise<void> {
  await expect
    .poll(() => apiRequests(world).some((r) => r.path === `/contacts/${id}/tasks`), { timeout: 15_000 })
    .toBe(true);
  await pause(500);
}

describe(`a script of the host page, against the sidebar (${browserName()})`, () => {
  let world: DriverWorld;
  let page: DriverPage;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  const openAna = async () => {
    world.sandbox.control.clearRequests();
    page = await world.newPage();
    await page.goto(ANA);
    await waitForSections(page);
  };

  it('reads 0 characters of HighLevel data from the sidebar by any DOM path', async () => {
    await openAna();
    const secrets = highLevelOnly(world, ana.ghlContactId ?? '');
    expect(secrets.length).toBeGreaterThan(2);
    const reachable = await page.evaluate(readEverything);
    expect(secrets.filter((secret) => reachable.includes(secret))).toEqual([]);
    await page.close();
  });

  it('causes 0 writes with synthetic clicks and keys on everything it can reach', async () => {
    await openAna();
    // Delete first, then confirm; then every other button, and the keys a form or a confirm would take.
    await page.evaluate(async () => {
      // What the extension put on the page: anything inside a shadow root the page can open (the CRM's own
      // controls are left alone), and the page's own document for the keys.
      const reachable = (): HTMLElement[] => {
        const found: HTMLElement[] = [];
        const walk = (root: Document | ShadowRoot, inShadow: boolean) => {
          for (const el of root.querySelectorAll<HTMLElement>('*')) {
            if (el.shadowRoot) walk(el.shadowRoot, true);
            if (inShadow && el.matches('button, [role="button"], input, summary')) found.push(el);
          }
        };
        walk(document, false);
        return found;
      };
      const pause = () => new Promise((resolve) => setTimeout(resolve, 150));
      for (let round = 0; round < 3; round++) {
        for (const el of reachable().filter((b) =>
          /delete|eliminar|borrar|confirm/i.test(b.textContent ?? ''),
        ))
          el.click();
        await pause();
      }
      for (const el of [...reachable(), document.body]) {
        if (el !== document.body) el.click();
        for (const key of ['Enter', ' ', 'Delete'])
          el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
      }
      for (let i = 0; i < window.frames.length; i++)
        window.frames[i]?.postMessage({ type: 'hls.frame.key', key: '0'.repeat(48) }, '*');
      await pause();
    });
    await pause(1_500);
    expect(apiWrites(world).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    await page.close();
  });

  it('still reads 0 characters after rewriting itself to show another person, whom the sidebar then looks up', async () => {
    await openAna();
    await page.evaluate((id) => {
      history.pushState(null, '', `/contacts/${id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, ben.gleantap?.id);
    await waitForRead(world, ben.ghlContactId ?? '');
    const secrets = highLevelOnly(world, ben.ghlContactId ?? '');
    expect(secrets.length).toBeGreaterThan(1);
    const reachable = await page.evaluate(readEverything);
    expect(secrets.filter((secret) => reachable.includes(secret))).toEqual([]);
    await page.close();
  });

  it('gets nothing shown in a sidebar frame it embeds itself, whatever key it posts', async () => {
    await openAna();
    // The page knows the address its sidebar frame is loaded from (the best it could do; here the test hands it
    // over: Chromium loads it from a per-session address only the content script knows).
    const address = await page.sidebarAddress();
    world.sandbox.control.clearRequests();
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.name = 'stolen';
      frame.src = src;
      frame.style.cssText = 'width:400px;height:600px';
      document.body.append(frame);
      frame.addEventListener('load', () => {
        for (let i = 0; i < 30; i++) {
          const channel = new MessageChannel();
          const key = Array.from(crypto.getRandomValues(new Uint8Array(24)), (b) =>
            b.toString(16).padStart(2, '0'),
          );
          frame.contentWindow?.postMessage({ type: 'hls.frame.key', key: key.join('') }, '*', [
            channel.port2,
          ]);
        }
      });
    }, address);
    const stolen = await page.frameNamed('stolen', '/sidebar-frame.html');
    await pause(1_000);
    // The page loaded (it is the sidebar's own page) and shows nothing at all.
    expect(await stolen.evaluate(() => document.title)).toBe('HighLevel Sidebar');
    expect(await stolen.evaluate(() => document.body.textContent?.trim())).toBe('');
    expect(apiRequests(world)).toEqual([]);
    await page.close();
  });
});
