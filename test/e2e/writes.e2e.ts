import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson, LOCATIONS } from '../../sandbox/fixtures.ts';
import { launchWithExtension } from '../../scripts/chromium.ts';
import { contentWorld } from '../../scripts/drive/content-world.ts';
import { sidebar, waitForSections } from '../../scripts/tour.ts';
import { openWorld, type World } from './world.ts';

const person = demoPerson;
const ana = person('ana');
const nora = person('nora');
const anaId = ana.ghlContactId ?? '';
const gleantap = (p: ReturnType<typeof person>) => `https://app.gleantap.com/contacts/${p.gleantap?.id}`;
const writes = (world: World) =>
  world.sandbox.control
    .requests()
    .filter(
      (r) => r.host === 'services.leadconnectorhq.com' && r.method !== 'GET' && r.path !== '/contacts/search',
    )
    .filter((r) => !r.path.includes('hlSidebarScopeProbe0'));

describe('the sidebar: writing', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('creates a contact that is not in HighLevel from the page, once, and links it', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(nora));
    const bar = sidebar(page);
    await bar.getByRole('button', { name: 'Create in HighLevel' }).click();
    await bar.getByRole('button', { name: 'Create contact' }).click();
    await bar.locator('.hls-card-name', { hasText: 'Nora' }).waitFor({ timeout: 15_000 });
    const created = world.sandbox.control.data
      .contacts(LOCATIONS.main.id)
      .filter((c) => c.email === nora.email);
    expect(created).toHaveLength(1);
    await page.close();
  });

  it('keeps exactly one task when the connection drops after HighLevel created it', async () => {
    world.sandbox.control.addFault({
      method: 'POST',
      path: `/contacts/${anaId}/tasks$`,
      kind: 'dropAfterProcessing',
      times: 1,
    });
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    await bar.getByPlaceholder('New task…').fill('Dropped answer task');
    await bar.getByRole('button', { name: 'Add task' }).click();
    await expect
      .poll(
        () => world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Dropped answer task').length,
        { timeout: 20_000 },
      )
      .toBe(1);
    await bar.locator('[data-receipt="saved"][data-kind="task.create"]').waitFor({ timeout: 30_000 });
    expect(
      world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Dropped answer task'),
    ).toHaveLength(1);
    await page.close();
  });
});

describe('a read-only connection', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadOnly' });
  });
  afterAll(async () => world?.close());

  // The sidebar's side of it (why writing is off; the frame refused) is a shared scenario: test/scenarios/writes.
  it('refuses a write sent straight from the content script', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    await sidebar(page).locator('[data-state="read-only"]').waitFor();
    const content = await contentWorld(page, world.browser.extensionId);
    const sneaky = {
      site: 'gleantap',
      write: {
        kind: 'task.create',
        contactId: anaId,
        input: { title: 'Sneaky', dueDate: new Date().toISOString() },
      },
    };
    const reply = (await content.send('write.enqueue', sneaky)) as { res: unknown };
    // A content script may not write at all.
    expect(reply.res).toEqual({ ok: false, error: { kind: 'sender.denied' } });
    await page.waitForTimeout(500);
    expect(writes(world)).toEqual([]);
    await content.close();
    await page.close();
  });
});

describe('offline writes', () => {
  it('survive a killed service worker and a browser restart, and land exactly once when back online', async () => {
    const world = await openWorld({ connect: 'mainReadWrite' });
    try {
      const page = await world.newPage();
      await page.goto(gleantap(ana));
      await waitForSections(page);
      // "Offline": HighLevel's host stops answering (connections fail before anything is processed).
      world.sandbox.control.addFault({ path: '.*', kind: 'dropBeforeProcessing', times: 10_000 });
      const bar = sidebar(page);
      await bar.getByPlaceholder('New task…').fill('Written while offline');
      await bar.getByRole('button', { name: 'Add task' }).click();
      await bar.locator('[data-kind="task.create"]').first().waitFor();
      await page.waitForTimeout(1000);

      const cdp = await world.browser.context.browser()?.newBrowserCDPSession();
      const targets = cdp ? (await cdp.send('Target.getTargets')).targetInfos : [];
      const worker = targets.find(
        (t) => t.type === 'service_worker' && t.url.includes(world.browser.extensionId),
      );
      if (cdp && worker) await cdp.send('Target.closeTarget', { targetId: worker.targetId });
      await world.browser.context.close();

      world.sandbox.control.clearFaults();
      expect(
        world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Written while offline'),
      ).toHaveLength(0);
      const again = await launchWithExtension({
        hostResolverRules: world.sandbox.hostResolverRules,
        userDataDir: world.browser.userDataDir,
      });
      try {
        const reopened = await again.context.newPage();
        await reopened.goto(gleantap(ana));
        await expect
          .poll(
            () =>
              world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Written while offline')
                .length,
            {
              timeout: 45_000,
              interval: 500,
            },
          )
          .toBe(1);
        await reopened.waitForTimeout(2000);
        expect(
          world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Written while offline'),
        ).toHaveLength(1);
      } finally {
        await again.context.close();
      }
    } finally {
      await world.sandbox.close();
    }
  });
});

describe('the sidebar from the keyboard alone', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('adds a task with a due preset and completes it without the mouse', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    // The agent reaches the quick-add field (by Tab or a click); from there on, keys only.
    await bar.getByPlaceholder('New task…').focus();
    await page.keyboard.type('Keyboard-only task');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // Tomorrow → In 3 days
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(
        () => world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Keyboard-only task').length,
        { timeout: 15_000 },
      )
      .toBe(1);
    const task = world.sandbox.control.data.tasks(anaId).find((t) => t.title === 'Keyboard-only task');
    const inThreeDays = new Date();
    inThreeDays.setDate(inThreeDays.getDate() + 3);
    expect(new Date(task?.dueDate ?? '').getDate()).toBe(inThreeDays.getDate());

    // Shift+Tab walks back from the form to the new task's row; Space ticks its checkbox.
    await bar.locator(`[data-task-id="${task?.id}"] input[type="checkbox"]`).waitFor();
    const checkbox = bar.locator(`[data-task-id="${task?.id}"] input[type="checkbox"]`);
    for (let i = 0; i < 40 && !(await checkbox.evaluate((el) => el.matches(':focus'))); i++) {
      await page.keyboard.press('Shift+Tab');
    }
    expect(await checkbox.evaluate((el) => el.matches(':focus'))).toBe(true);
    await page.keyboard.press('Space');
    await expect
      .poll(() => world.sandbox.control.data.tasks(anaId).find((t) => t.id === task?.id)?.completed)
      .toBe(true);
    await page.close();
  });
});
