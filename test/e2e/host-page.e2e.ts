/**
 * The host page is a stranger, Chromium's own part: what the content script's isolated world may ask (reached
 * through the DevTools protocol, which Firefox's driver does not offer). What the page's main world tries is a
 * shared scenario, run in both browsers: test/scenarios/isolation.scenario.ts.
 */
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

const apiRequests = (world: World) =>
  world.sandbox.control.requests().filter((r) => r.host === 'services.leadconnectorhq.com');
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
