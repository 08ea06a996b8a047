/**
 * The host page is a stranger: a script of the CRM page itself (its main world — the CRM's own code, a
 * compromised CRM, an XSS) tries what an attacker would, and gets nothing of HighLevel's and does nothing to it.
 * These tests speak only through the page's main world, the content script's world and the sandbox's log, so the
 * same file runs against any build of the extension.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/fixtures.ts';
import { sidebar, waitForSections } from '../../scripts/tour.ts';
import { contentWorld } from './content-world.ts';
import { openWorld, type World } from './world.ts';

const person = (key: string) => {
  const found = DEMO_PEOPLE.find((p) => p.key === key);
  if (!found?.ghlContactId || !found.gleantap) throw new Error(`no demo person ${key}`);
  return { ...found, ghlContactId: found.ghlContactId, gleantapId: found.gleantap.id };
};
const ana = person('ana');
const ben = person('ben');

/** Every text a main-world script can reach on the page: the DOM, open shadow roots, and same-origin frames. */
const READ_EVERYTHING = `(() => {
  const seen = [];
  const walk = (root) => {
    if (!root) return;
    seen.push(root.innerHTML ?? '', root.textContent ?? '');
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) walk(el.shadowRoot);
      for (const attr of el.attributes ?? []) seen.push(attr.value);
      if ('value' in el && typeof el.value === 'string') seen.push(el.value);
    }
  };
  walk(document.documentElement);
  for (let i = 0; i < window.frames.length; i++) {
    try { walk(window.frames[i].document.documentElement); } catch { seen.push('[cross-origin frame]'); }
  }
  seen.push(document.body?.innerText ?? '');
  return seen.join('\\n');
})()`;

/** What only HighLevel knows of a person (the host page shows the name, email and phone itself). */
function highLevelOnly(world: World, id: string): string[] {
  const { data } = world.sandbox.control;
  return [
    id,
    ...data.tasks(id).map((task) => task.title),
    ...data.notes(id).map((note) => note.body.slice(0, 40)),
  ].filter((text) => text.length >= 6);
}

const apiRequests = (world: World) =>
  world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com');
const apiWrites = (world: World) =>
  apiRequests(world).filter(
    (r) => r.method !== 'GET' && r.path !== '/contacts/search' && !r.path.includes('hlSidebarScopeProbe0'),
  );

/** Waits until the extension has read `id`'s tasks from HighLevel: the sidebar has the person's data by then. */
async function waitForRead(world: World, page: Page, id: string): Promise<void> {
  await expect
    .poll(() => apiRequests(world).some((r) => r.path === `/contacts/${id}/tasks`), { timeout: 15_000 })
    .toBe(true);
  await page.waitForTimeout(500);
}

describe('a script of the host page, against the sidebar', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('reads 0 characters of HighLevel data from the sidebar by any DOM path', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantapId}`);
    await waitForSections(page);
    const secrets = highLevelOnly(world, ana.ghlContactId);
    expect(secrets.length).toBeGreaterThan(2);
    const reachable = await page.evaluate<string>(READ_EVERYTHING);
    expect(secrets.filter((secret) => reachable.includes(secret))).toEqual([]);
    await page.close();
  });

  it('causes 0 writes with synthetic clicks and keys on everything it can reach', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantapId}`);
    await waitForSections(page);
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
    await page.waitForTimeout(1_500);
    expect(apiWrites(world).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    await page.close();
  });

  it('still reads 0 characters after rewriting itself to show another person, whom the sidebar then looks up', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantapId}`);
    await waitForSections(page);
    await page.evaluate((id) => {
      history.pushState(null, '', `/contacts/${id}`);
      dispatchEvent(new PopStateEvent('popstate'));
    }, ben.gleantapId);
    await waitForRead(world, page, ben.ghlContactId);
    const secrets = highLevelOnly(world, ben.ghlContactId);
    expect(secrets.length).toBeGreaterThan(1);
    const reachable = await page.evaluate<string>(READ_EVERYTHING);
    expect(secrets.filter((secret) => reachable.includes(secret))).toEqual([]);
    await page.close();
  });

  it('gets nothing shown in a sidebar frame it embeds itself, whatever key it posts', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantapId}`);
    await waitForSections(page);
    // The page learns the frame's URL the best way it could (here, handed by the test from the extension itself).
    const content = await contentWorld(page, world.browser.extensionId);
    const url = await content.evaluate<string>(`chrome.runtime.getURL('/sidebar-frame.html')`);
    await content.close();
    world.sandbox.control.clearRequests();
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.id = 'stolen';
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
    }, url);
    const find = () =>
      page.frames().find((f) => f.name() === 'stolen' && f.url().includes('/sidebar-frame.html'));
    await expect.poll(() => find() !== undefined, { timeout: 10_000 }).toBe(true);
    const stolen = find();
    // The page loaded (it is the sidebar's own page) and shows nothing at all.
    await stolen?.waitForLoadState();
    await page.waitForTimeout(1_000);
    expect(await stolen?.title()).toBe('HighLevel Sidebar');
    expect(await stolen?.evaluate(() => document.body.textContent?.trim())).toBe('');
    expect(apiRequests(world)).toEqual([]);
    await page.close();
  });

  it('cannot have its content script name another site, another contact or "..": each is refused, nothing sent', async () => {
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantapId}`);
    await waitForSections(page);
    // The sidebar's own last read (the business list) is done before the log is cleared: only the refused
    // messages are left to cause a request.
    await sidebar(page)
      .locator('[data-section="business"] .hls-row-name')
      .first()
      .waitFor({ timeout: 15_000 });
    await page.waitForTimeout(300);
    world.sandbox.control.clearRequests();
    const content = await contentWorld(page, world.browser.extensionId);
    const asks: [string, unknown][] = [
      ['site.bind', { site: 'gestioo', locationId: 'ClinicLocation000002' }],
      ['contact.match', { site: 'gestioo', page: { site: 'gestioo', hostRecordId: '4513' }, settled: true }],
      ['contact.sections', { site: 'gleantap', contactId: ben.ghlContactId }],
      ['contact.section', { site: 'gleantap', contactId: '..', section: 'tasks', fresh: true }],
      ['business.contacts', { site: 'gleantap', businessId: 'x', skip: 0, limit: 10 }],
      ['write.enqueue', { site: 'gleantap', write: { kind: 'contact.delete', contactId: ana.ghlContactId } }],
      ['write.enqueue', { site: 'gleantap', write: { kind: 'task.delete', contactId: '..', taskId: '..' } }],
      ['contact.link', { site: 'gleantap', hostRecordId: ana.gleantapId, contactId: ben.ghlContactId }],
    ];
    for (const [type, data] of asks) {
      const reply = (await content.send(type, data)) as { res?: { ok: boolean; error?: { kind: string } } };
      expect(reply.res?.ok, type).toBe(false);
      expect(['sender.denied', 'payload.invalid'], type).toContain(reply.res?.error?.kind);
    }
    await page.waitForTimeout(300);
    expect(apiRequests(world)).toEqual([]);
    await content.close();
    await page.close();
  });
});
