/**
 * A no-code automation, in both browsers: the admin switches a shipped rule on in the options page, and a task the
 * agent creates with the CRM's own form becomes exactly one HighLevel task, across a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import type { DriverWorld } from '../../scripts/drive/types.ts';
import { apiWrites, browserName, openWorld, pause } from './world.ts';

const ana = demoPerson('ana');
const anaId = ana.ghlContactId ?? '';
const RULE = 'li[data-rule-id="preset.gleantap.tasks"]';

describe(`no-code automations (${browserName()})`, () => {
  let world: DriverWorld;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('switches a rule on from the options page, and it is still on after a reload', async () => {
    const options = await world.openExtensionPage('options.html');
    await options.waitFor(`${RULE}[data-enabled="false"]`);
    await options.click(`${RULE} .auto-rule-head input[type="checkbox"]`);
    // The switch shows the saved state: it turns on once the background has stored the rule.
    await options.waitFor(`${RULE}[data-enabled="true"]`);
    await options.reload();
    await options.waitFor(`${RULE}[data-enabled="true"]`);
    await options.close();
  });

  it('Gleantap: a task created with the page’s own form becomes the matching HighLevel task, once', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap?.id}/tasks`);
    const title = 'Bring the membership card';
    await page.fill('form:has(#task-title) #task-title', title);
    await page.click('form:has(#task-title) button[type="submit"]');
    const created = () => world.sandbox.control.data.tasks(anaId).filter((t) => t.title === title).length;
    await expect.poll(created, { timeout: 20_000 }).toBe(1);
    await page.reload();
    await pause(1_500);
    expect(created()).toBe(1);
    expect(apiWrites(world).filter((r) => r.path === `/contacts/${anaId}/tasks`)).toHaveLength(1);
    await page.close();
  });
});
