/**
 * The host page is a stranger: a script of the CRM page itself (its main world — the CRM's own code, a
 * compromised CRM, an XSS) tries what an attacker would, and gets nothing of HighLevel's and does nothing to it.
 * These tests speak only through the page's main world, the content script's world and the sandbox's log, so the
 * same file runs against any build of the extension.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../sandbox/fixtures.ts';
import { contentWorld } from '../../scripts/drive/content-world.ts';
import { sidebar, waitForSections } from '../../scripts/tour.ts';
import { openWorld, type World } from './world.ts';

const person = (key: string) => {
  const found = DEMO_PEOPLE.find((p) => p.key === key);
  if (!found?.ghlContactId || !found.gleantap) throw new Error(`no demo person ${key}`);
  return { ...found, ghlContactId: found.ghlContactId, gleantapId: found.gleantap.id };
};
const ana = person('ana');
const ben = person('ben');

/** Every text a main-world script can reach on the page: the DOM, open shadow roots, and same-origin frames. */
const _READ_EVERYTHING = `(() => {
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
function _highLevelOnly(world: World, id: string): string[] {
  const { data } = world.sandbox.control;
  return [
    id,
    ...data.tasks(id).map((task) => task.title),
    ...data.notes(id).map((note) => note.body.slice(0, 40)),
  ].filter((text) => text.length >= 6);
}

const apiRequests = (world: World) =>
  world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com');
const _apiWrites = (world: World) =>
  apiRequests(world).filter(
    (r) => r.method !== 'GET' && r.path !== '/contacts/search' && !r.path.includes('hlSidebarScopeProbe0'),
  );

/** Waits until the extension has read `id`'s tasks from HighLevel: the sidebar has the person's data by then. */
async function _waitForRead(world: World, page: Page, id: string): Promise<void> {
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
