/**
 * The sidebar from the keyboard alone: every action reached with Tab / Shift+Tab and operated with Enter, Space,
 * Escape and the arrow keys — no clicks, no focus() on targets, no fill(). Outcomes are checked on screen and in
 * the sandbox (its data and its request log); focus is checked after every step that changes the view.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson, LOCATIONS } from '../../sandbox/fixtures.ts';
import { SEED_IDS } from '../../sandbox/ghl/seed.ts';
import { sidebar, waitForSections } from '../../scripts/tour.ts';
import { focusInSidebar, hostPart } from './host-ui.ts';
import { openWorld, type World } from './world.ts';

const person = demoPerson;
const ana = person('ana');
const ben = person('ben');
const john = person('john1');
const nora = person('nora');
const anaId = ana.ghlContactId ?? '';
const gleantap = (p: ReturnType<typeof person>) => `https://app.gleantap.com/contacts/${p.gleantap?.id}`;

const apiWrites = (world: World) =>
  world.sandbox.control
    .requests()
    .filter(
      (r) => r.host === 'services.leadconnectorhq.com' && r.method !== 'GET' && r.path !== '/contacts/search',
    )
    .filter((r) => !r.path.includes('hlSidebarScopeProbe0'));

async function isFocused(target: Locator): Promise<boolean> {
  if ((await target.count()) === 0) return false;
  return target.first().evaluate((el) => el.matches(':focus'));
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 120 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${back ? 'Shift+Tab' : 'Tab'} never reached ${target}`);
}

/** What has focus, through shadow roots: for failure messages. */
const describeFocus = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    const label = el?.getAttribute('aria-label') ?? el?.textContent?.trim().slice(0, 30) ?? '';
    const index = el?.getAttribute('data-index');
    return `${el?.tagName.toLowerCase()}.${el?.className}${index ? `[data-index=${index}]` : ''} "${label}"`;
  });

async function expectFocus(target: Locator, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await isFocused(target))) {
    if (Date.now() > deadline)
      throw new Error(`${target} never had focus; focus is on ${await describeFocus(target.page())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The focused element shows a ring: it matches :focus-visible and has an outline or a box shadow. */
async function expectVisibleFocus(target: Locator): Promise<void> {
  const ring = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return {
      focusVisible: el.matches(':focus-visible'),
      outline: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
      shadow: style.boxShadow !== 'none',
    };
  });
  expect(ring.focusVisible).toBe(true);
  expect(ring.outline || ring.shadow).toBe(true);
}

/**
 * Alt+Shift+H is an extension command: Chromium handles it in the browser, and headless Chromium does not pass
 * synthetic key events to extension command accelerators. The test delivers the command to the tab exactly as
 * the background's commands.onCommand handler does (a 'sidebar.toggle' message from the service worker).
 */
async function toggleCommand(world: World, page: Page): Promise<void> {
  await world.browser.serviceWorker.evaluate(async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    if (tab?.id === undefined) throw new Error('no tab');
    await chrome.tabs.sendMessage(tab.id, { id: 1, type: 'sidebar.toggle', data: undefined, timestamp: 0 });
  }, page.url());
}

describe('the sidebar from the keyboard: a read-write connection', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('opens, folds and reopens from the keyboard, takes focus in, shows it, and lets it leave again', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    const launcher = hostPart(page, 'launcher');
    const title = bar.locator('.hls-title');

    // The shortcut folds the open sidebar while the agent works in the page: focus stays in the page.
    await toggleCommand(world, page);
    await launcher.waitFor();
    expect(await focusInSidebar(page)).toBe(false);
    // …and opens it again, taking focus into it.
    await toggleCommand(world, page);
    await expectFocus(title);

    // Close (fold) with the close button: focus goes to the launcher tab, which shows it.
    const close = bar.getByRole('button', { name: 'Close sidebar' });
    await tabTo(page, close);
    await expectVisibleFocus(close);
    await page.keyboard.press('Enter');
    await expectFocus(launcher);
    await expectVisibleFocus(launcher);
    // The launcher is a button: Space opens the sidebar and focus goes back in.
    await page.keyboard.press('Space');
    await expectFocus(title);
    await waitForSections(page);

    // No trap: Tab runs through the sidebar and out of it, back to the page.
    let left = false;
    for (let i = 0; i < 150 && !left; i++) {
      await page.keyboard.press('Tab');
      left = !(await focusInSidebar(page));
    }
    expect(left).toBe(true);
    // And from the page, Tab reaches the sidebar again.
    await tabTo(page, close);
    await page.close();
  });

  it('picks a candidate for an uncertain match and takes the pick back ("Not this contact")', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(john));
    const pick = sidebar(page).locator(`.hls-candidate[data-contact-id="${john.ghlContactId}"] button`);
    await pick.waitFor({ timeout: 15_000 });
    await tabTo(page, pick);
    await page.keyboard.press('Enter');
    await waitForSections(page);
    await expect(sidebar(page).locator('.hls-card').getAttribute('data-contact-id')).resolves.toBe(
      john.ghlContactId,
    );
    // Focus waits on "Not this contact", so the pick can be undone at once.
    const unlink = sidebar(page).getByRole('button', { name: 'Not this contact' });
    await expectFocus(unlink, 10_000);
    await page.keyboard.press('Enter');
    const others = sidebar(page).locator('[data-match="ambiguous"] .hls-candidate');
    await others.first().waitFor({ timeout: 15_000 });
    await expect(
      sidebar(page).locator(`.hls-candidate[data-contact-id="${john.ghlContactId}"]`).count(),
    ).resolves.toBe(0);
    await expectFocus(sidebar(page).locator('.hls-candidate button'), 10_000);
    await page.close();
  });

  it('searches HighLevel under the candidates, picks a result with the arrows and Enter, and the header search closes on Escape', async () => {
    const page = await world.newPage();
    // John's page: an uncertain match (the test above turned John 1 down, so John 2 is the one candidate).
    await page.goto(gleantap(john));
    const input = sidebar(page).getByRole('combobox', {
      name: 'None of these? Search HighLevel by name, email or phone',
    });
    await input.waitFor({ timeout: 15_000 });
    await tabTo(page, input);
    await page.keyboard.type('smith');
    const wanted = sidebar(page).locator(`[role="option"][data-contact-id="${john.ghlContactId}"]`);
    await wanted.waitFor({ timeout: 15_000 });
    const ids = await sidebar(page)
      .locator('[data-search="hls-search-candidates"] [role="option"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-contact-id')));
    for (let i = 0; i <= ids.indexOf(john.ghlContactId); i++) await page.keyboard.press('ArrowDown');
    await expect(input.getAttribute('aria-activedescendant')).resolves.toBe(await wanted.getAttribute('id'));
    await page.keyboard.press('Enter');
    await waitForSections(page);
    await expect(sidebar(page).locator('.hls-card').getAttribute('data-contact-id')).resolves.toBe(
      john.ghlContactId,
    );
    // Focus waits on "Not this contact", so the pick can be undone at once.
    await expectFocus(sidebar(page).getByRole('button', { name: 'Not this contact' }), 10_000);

    // The header's "Search HighLevel" opens a search with focus in it; Escape closes it, focus goes back.
    const open = sidebar(page).getByRole('button', { name: 'Search HighLevel' });
    await tabTo(page, open, { back: true });
    await page.keyboard.press('Enter');
    const header = sidebar(page).locator('[data-search="hls-search-header"] input');
    await expectFocus(header);
    await expect(open.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Escape');
    await expectFocus(open);
    await expect(header.count()).resolves.toBe(0);
    expect(await focusInSidebar(page)).toBe(true);
    await page.close();
  });

  it("edits a task's title, due date and assignee, reopens a completed task, and deletes one with Undo", async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    const taskId = SEED_IDS.anaTasks.overdue;
    const row = (id: string) => bar.locator(`[data-task-id="${id}"]`);

    // Edit: Enter opens the form on the title; Escape closes it and focus returns to Edit.
    const edit = row(taskId).locator('[data-action="edit"]');
    await tabTo(page, edit);
    await page.keyboard.press('Enter');
    const titleInput = row(taskId).locator('form input').first();
    await expectFocus(titleInput);
    await page.keyboard.press('Escape');
    await expectFocus(edit);
    await page.keyboard.press('Enter');
    await expectFocus(titleInput);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Renewal call, moved');
    await page.keyboard.press('Tab');
    await page.keyboard.type('03152031'); // mm dd yyyy, segment by segment
    // The assignee: Ana's owner (María) now; David has been seen on her tasks.
    const assignee = row(taskId).locator('form select');
    await tabTo(page, assignee, { max: 5 });
    const labels = await assignee.locator('option').allTextContents();
    expect(labels).toContain(`User ${SEED_IDS.users.david}`);
    await page.keyboard.press('ArrowDown');
    await expect(assignee.inputValue()).resolves.toBe(SEED_IDS.users.david);
    await tabTo(page, row(taskId).locator('form button[type="submit"]'));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => world.sandbox.control.data.tasks(anaId).find((t) => t.id === taskId)?.title, {
        timeout: 15_000,
      })
      .toBe('Renewal call, moved');
    const edited = world.sandbox.control.data.tasks(anaId).find((t) => t.id === taskId);
    const due = new Date(edited?.dueDate ?? '');
    expect([due.getFullYear(), due.getMonth() + 1, due.getDate()]).toEqual([2031, 3, 15]);
    expect(edited?.assignedTo).toBe(SEED_IDS.users.david);
    // The task moved to "upcoming": focus followed it to its Edit button.
    await expectFocus(row(taskId).locator('[data-action="edit"]'));

    // Reopen a completed task: expand "Completed" from its summary, then Space on the task's checkbox.
    const doneId = SEED_IDS.anaTasks.doneRecent;
    const summary = bar.locator('details[data-group="completed"] > summary');
    await tabTo(page, summary);
    await page.keyboard.press('Enter');
    await expect(bar.locator('details[data-group="completed"]').getAttribute('open')).resolves.not.toBeNull();
    const doneBox = row(doneId).locator('input[type="checkbox"]');
    await tabTo(page, doneBox);
    await page.keyboard.press('Space');
    await expect
      .poll(() => world.sandbox.control.data.tasks(anaId).find((t) => t.id === doneId)?.completed)
      .toBe(false);
    await expectFocus(row(doneId).locator('input[type="checkbox"]'));

    // Delete, then Undo within the window: focus goes to Undo and back to Delete; nothing reaches HighLevel.
    const todayId = SEED_IDS.anaTasks.dueToday;
    const remove = row(todayId).locator('[data-action="delete"]');
    await tabTo(page, remove);
    await page.keyboard.press('Enter');
    const undo = row(todayId).getByRole('button', { name: 'Undo' });
    await expectFocus(undo);
    await page.keyboard.press('Enter');
    await expectFocus(remove);
    await page.waitForTimeout(5500);
    expect(world.sandbox.control.data.tasks(anaId).some((t) => t.id === todayId)).toBe(true);
    // Deleted for real once the window passes: focus rests on the tasks heading.
    await page.keyboard.press('Enter');
    await expectFocus(undo);
    await expect
      .poll(() => world.sandbox.control.data.tasks(anaId).some((t) => t.id === todayId), { timeout: 15_000 })
      .toBe(false);
    await expectFocus(bar.locator('#hls-tasks-heading'));

    const paths = apiWrites(world).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      `PUT /contacts/${anaId}/tasks/${taskId}`,
      `PUT /contacts/${anaId}/tasks/${doneId}/completed`,
      `DELETE /contacts/${anaId}/tasks/${todayId}`,
    ]);
    expect(apiWrites(world)[0]?.body).toMatchObject({
      title: 'Renewal call, moved',
      assignedTo: SEED_IDS.users.david,
    });
    await page.close();
  });

  it('adds a task for an assignee picked with the arrow keys', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    await tabTo(page, bar.getByPlaceholder('New task…'));
    await page.keyboard.type('Plan the Saturday session');
    await page.keyboard.press('Tab'); // due preset
    await page.keyboard.press('Tab'); // assignee
    const assignee = bar.locator('form[aria-label="Add task"] select').nth(1);
    await expectFocus(assignee);
    // The contact's owner is the default; the labels say who each entry is.
    await expect(assignee.inputValue()).resolves.toBe(SEED_IDS.users.maria);
    await expect(assignee.locator('option').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['Nobody', "Contact's owner", `User ${SEED_IDS.users.david}`]),
    );
    await page.keyboard.press('ArrowDown');
    await expect(assignee.inputValue()).resolves.toBe(SEED_IDS.users.david);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(
        () =>
          world.sandbox.control.data.tasks(anaId).find((t) => t.title === 'Plan the Saturday session')
            ?.assignedTo,
        { timeout: 15_000 },
      )
      .toBe(SEED_IDS.users.david);
    const post = apiWrites(world).find((r) => r.method === 'POST' && r.path === `/contacts/${anaId}/tasks`);
    expect(post?.body).toMatchObject({
      title: 'Plan the Saturday session',
      assignedTo: SEED_IDS.users.david,
    });
    await page.close();
  });

  it('removes a tag, adds one from the suggestions with the arrow keys, and Escape closes them', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    const removeMember = bar.getByRole('button', { name: 'Remove tag: member' });
    await tabTo(page, removeMember);
    await page.keyboard.press('Enter');
    await expect.poll(() => world.sandbox.control.data.contact(anaId)?.tags).not.toContain('member');
    // Its button went with it: focus moved on instead of falling to the page.
    expect(await focusInSidebar(page)).toBe(true);

    const input = bar.getByRole('combobox', { name: 'Add a tag' });
    await tabTo(page, input);
    await page.keyboard.type('mem');
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Escape');
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('ArrowDown');
    await expect(input.getAttribute('aria-expanded')).resolves.toBe('true');
    const activeId = await input.getAttribute('aria-activedescendant');
    expect(activeId).toBeTruthy();
    await expect(bar.locator(`[id="${activeId}"]`).textContent()).resolves.toBe('member');
    await page.keyboard.press('Enter'); // takes the suggestion
    await expect(input.inputValue()).resolves.toBe('member');
    await page.keyboard.press('Enter'); // adds it
    await expect.poll(() => world.sandbox.control.data.contact(anaId)?.tags).toContain('member');
    expect(apiWrites(world).map((r) => `${r.method} ${r.path}`)).toEqual([
      `DELETE /contacts/${anaId}/tags`,
      `POST /contacts/${anaId}/tags`,
    ]);
    expect(apiWrites(world)[1]?.body).toEqual({ tags: ['member'] });
    await page.close();
  });

  it('adds a note, edits it, and expands a long one', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);

    const more = bar.locator(`[data-note-id="${SEED_IDS.anaNotes.long}"] button[aria-expanded]`);
    await tabTo(page, more);
    await page.keyboard.press('Enter');
    await expect(more.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(bar.locator(`#hls-note-${SEED_IDS.anaNotes.long}`).textContent()).resolves.toContain(
      'WhatsApp',
    );

    await tabTo(page, bar.getByPlaceholder('Write a note…'));
    await page.keyboard.type('Wants a trial for her partner.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() =>
        world.sandbox.control.data.notes(anaId).find((n) => n.body === 'Wants a trial for her partner.'),
      )
      .toBeTruthy();
    const noteId =
      world.sandbox.control.data.notes(anaId).find((n) => n.body === 'Wants a trial for her partner.')?.id ??
      '';
    const edit = bar.locator(`[data-note-id="${noteId}"]`).getByRole('button', { name: /^Edit note:/ });
    await edit.waitFor({ timeout: 15_000 });
    await tabTo(page, edit, { back: true });
    await page.keyboard.press('Enter');
    const textarea = bar.locator(`[data-note-id="${noteId}"] textarea`);
    await expectFocus(textarea);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Wants a two-week trial for her partner.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => world.sandbox.control.data.notes(anaId).find((n) => n.id === noteId)?.body, {
        timeout: 15_000,
      })
      .toBe('Wants a two-week trial for her partner.');
    await expectFocus(bar.locator(`[data-note-id="${noteId}"]`).getByRole('button', { name: /^Edit note:/ }));
    expect(apiWrites(world).map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /contacts/${anaId}/notes`,
      `PUT /contacts/${anaId}/notes/${noteId}`,
    ]);
    await page.close();
  });

  it('retries a failed write from its receipt', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const bar = sidebar(page);
    const taskId = SEED_IDS.anaTasks.upcoming;
    // The injectable faults (5xx, 429, dropped connections) are all transient: the outbox retries them on its own
    // for minutes. A final failure comes from HighLevel no longer having the task (someone deleted it there);
    // it comes back (restored) before the agent retries.
    const store = world.sandbox.state.store.tasks;
    const tasks = store.get(anaId) ?? [];
    const index = tasks.findIndex((t) => t.id === taskId);
    const [removed] = tasks.splice(index, 1);
    if (!removed) throw new Error('fixture: the upcoming task');

    const edit = bar.locator(`[data-task-id="${taskId}"] [data-action="edit"]`);
    await tabTo(page, edit);
    await page.keyboard.press('Enter');
    await expectFocus(bar.locator(`[data-task-id="${taskId}"] form input`).first());
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Book the assessment (retried)');
    await page.keyboard.press('Enter');
    const failed = bar.locator('[data-receipt="failed"][data-kind="task.update"]');
    await failed.waitFor({ timeout: 15_000 });
    await expect(bar.locator('.hls-receipts').getAttribute('aria-live')).resolves.toBe('polite');

    tasks.splice(index, 0, removed);
    const retry = failed.getByRole('button', { name: 'Retry' });
    await tabTo(page, retry, { back: true });
    await page.keyboard.press('Enter');
    await bar.locator('[data-receipt="saved"][data-kind="task.update"]').waitFor({ timeout: 15_000 });
    // The Retry button went as the receipt changed: focus stayed on the receipt.
    await expectFocus(bar.locator('[data-kind="task.update"]'));
    expect(world.sandbox.control.data.tasks(anaId).find((t) => t.id === taskId)?.title).toBe(
      'Book the assessment (retried)',
    );
    const puts = apiWrites(world).filter((r) => r.path === `/contacts/${anaId}/tasks/${taskId}`);
    expect(puts.map((r) => r.status)).toEqual([expect.any(Number), 200]);
    expect(puts[0]?.status).toBeGreaterThanOrEqual(400);
    await page.close();
  });

  it('updates a contact from the page after the field-by-field diff, then deletes it through its confirm', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(gleantap(ben));
    await waitForSections(page);
    const bar = sidebar(page);
    const benId = ben.ghlContactId ?? '';

    const update = bar.getByRole('button', { name: 'Update from page' });
    await tabTo(page, update);
    await page.keyboard.press('Enter');
    const firstChoice = bar.locator('.hls-diff input[type="checkbox"]').first();
    await expectFocus(firstChoice);
    await page.keyboard.press('Escape');
    await expectFocus(update);
    await page.keyboard.press('Enter');
    await tabTo(page, bar.getByRole('button', { name: 'Update contact' }));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => world.sandbox.control.data.contact(benId)?.email, { timeout: 15_000 })
      .toBe(ben.gleantap?.email);

    const remove = bar.getByRole('button', { name: 'Delete contact' });
    await tabTo(page, remove);
    await page.keyboard.press('Enter');
    const dialog = bar.getByRole('alertdialog');
    await expect(dialog.getAttribute('aria-modal')).resolves.toBe('true');
    const cancel = dialog.getByRole('button', { name: 'Cancel' });
    await expectFocus(cancel);
    // Escape cancels; focus returns to the button that opened the confirm.
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);
    await expectFocus(remove);
    await page.keyboard.press('Enter');
    await expectFocus(cancel);
    // Focus is trapped in the modal confirm: Tab cycles between its two buttons.
    const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
    await page.keyboard.press('Tab');
    await expectFocus(confirm);
    await page.keyboard.press('Tab');
    await expectFocus(cancel);
    await page.keyboard.press('Shift+Tab');
    await expectFocus(confirm);
    await page.keyboard.press('Enter');
    await expect.poll(() => world.sandbox.control.data.contact(benId), { timeout: 15_000 }).toBeNull();
    // The card gave way to "no match": focus went to what replaced it.
    await expectFocus(bar.locator('[data-state="no-match"] button').first(), 15_000);
    const paths = apiWrites(world).map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([`PUT /contacts/${benId}`, `DELETE /contacts/${benId}`]);
    expect(apiWrites(world)[0]?.body).toMatchObject({ email: ben.gleantap?.email });
    await page.close();
  });

  it('creates the contact in HighLevel from the page (no match)', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(nora));
    const bar = sidebar(page);
    await bar.locator('[data-state="no-match"]').waitFor({ timeout: 15_000 });
    const create = bar.getByRole('button', { name: 'Create in HighLevel' });
    await tabTo(page, create);
    await page.keyboard.press('Enter');
    await expectFocus(bar.getByLabel('First name'));
    await tabTo(page, bar.getByRole('button', { name: 'Create contact' }));
    await page.keyboard.press('Enter');
    await bar.locator('.hls-card-name', { hasText: 'Nora' }).waitFor({ timeout: 15_000 });
    expect(
      world.sandbox.control.data.contacts(LOCATIONS.main.id).filter((c) => c.email === nora.email),
    ).toHaveLength(1);
    await expectFocus(bar.locator('#hls-contact-heading'), 15_000);
    await page.close();
  });

  it('moves into the business list, searches it, and arrows through its rows', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const panel = sidebar(page).locator('[data-section="business"]');
    await panel.locator('.hls-row-name').first().waitFor({ timeout: 15_000 });
    const search = panel.getByRole('searchbox');
    await tabTo(page, search);
    await page.keyboard.type('a');
    await expect.poll(() => panel.locator('.hls-count').textContent()).not.toBe('');
    await panel.locator('.hls-row-name').first().waitFor();
    const rowAt = (i: number) => panel.locator(`.hls-business-row[data-index="${i}"]`);

    await page.keyboard.press('ArrowDown');
    await expectFocus(rowAt(0));
    await expectVisibleFocus(rowAt(0));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expectFocus(rowAt(2));
    const total = Number(await rowAt(2).getAttribute('aria-setsize'));
    expect(total).toBeGreaterThan(2);
    await page.keyboard.press('End');
    await expectFocus(rowAt(total - 1));
    await page.keyboard.press('Home');
    await expectFocus(rowAt(0));
    await page.keyboard.press('ArrowUp');
    await expectFocus(search);
    // The list is one Tab stop: from it, Tab leaves the sidebar.
    await page.keyboard.press('Tab');
    await expectFocus(rowAt(0));
    await page.keyboard.press('Tab');
    expect(await focusInSidebar(page)).toBe(false);
    await page.close();
  });
});

describe('the sidebar from the keyboard: a read-only connection', () => {
  let world: World;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadOnly' });
  });
  afterAll(async () => world?.close());

  it('reaches "Grant write access" and runs it with Enter', async () => {
    const page = await world.newPage();
    await page.goto(gleantap(ana));
    await waitForSections(page);
    const grant = sidebar(page).getByRole('button', { name: 'Grant write access' });
    await tabTo(page, grant);
    await expectVisibleFocus(grant);
    // Without an OAuth app in this build, granting goes through the settings page.
    const opened = world.browser.context.waitForEvent('page', { timeout: 10_000 });
    await page.keyboard.press('Enter');
    expect((await opened).url()).toContain(`chrome-extension://${world.browser.extensionId}/options.html`);
    await page.close();
  });
});
