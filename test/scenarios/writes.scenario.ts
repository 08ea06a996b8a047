/**
 * Writing, in both browsers: a task, a tag and a note each reach HighLevel exactly once; a read-only connection
 * shows why writing is off and refuses a write even when the sidebar's own frame asks for one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { waitForSections } from '../../scripts/drive/steps.ts';
import type { DriverWorld } from '../../scripts/drive/types.ts';
import { apiWrites, browserName, openWorld, pause, sendFrom } from './world.ts';

const ana = demoPerson('ana');
const anaId = ana.ghlContactId ?? '';
const ANA = `https://app.gleantap.com/contacts/${ana.gleantap?.id}`;
const TASK_INPUT = 'input[placeholder="New task…"]';
const TAG_INPUT = 'input[placeholder="Add a tag"]';
const NOTE_INPUT = 'textarea[placeholder="Write a note…"]';
const submitOf = (input: string) => `form:has(${input}) button[type="submit"]`;
const writes = (world: DriverWorld) => apiWrites(world).map((r) => `${r.method} ${r.path}`);

describe(`the sidebar writes to HighLevel (${browserName()})`, () => {
  let world: DriverWorld;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('adds a task: saved, and exactly once in HighLevel', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(ANA);
    await waitForSections(page);
    await page.sidebar.fill(TASK_INPUT, 'Send the renewal offer');
    await page.sidebar.click(submitOf(TASK_INPUT));
    await page.sidebar.waitFor('[data-receipt="saved"][data-kind="task.create"]');
    expect(await page.sidebar.count({ css: '.hls-task-title', text: 'Send the renewal offer' })).toBe(1);
    await pause(500);
    expect(
      world.sandbox.control.data.tasks(anaId).filter((t) => t.title === 'Send the renewal offer'),
    ).toHaveLength(1);
    expect(writes(world)).toEqual([`POST /contacts/${anaId}/tasks`]);
    await page.close();
  });

  it('completes and reopens a task, adds and removes a tag, and adds a note, each once', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(ANA);
    await waitForSections(page);
    const { data } = world.sandbox.control;
    const open = data.tasks(anaId).find((t) => !t.completed && t.title.startsWith('Send Ana'));
    if (!open) throw new Error('fixture: an open task');
    const box = `[data-task-id="${open.id}"] input[type="checkbox"]`;
    await page.sidebar.click(box);
    await expect.poll(() => data.tasks(anaId).find((t) => t.id === open.id)?.completed).toBe(true);
    // Reopen it from the collapsed "Completed" group.
    await page.sidebar.click('details[data-group="completed"] > summary');
    await page.sidebar.click(box);
    await expect.poll(() => data.tasks(anaId).find((t) => t.id === open.id)?.completed).toBe(false);

    await page.sidebar.fill(TAG_INPUT, 'renewal-2027');
    await page.sidebar.click(submitOf(TAG_INPUT));
    await expect.poll(() => data.contact(anaId)?.tags).toContain('renewal-2027');
    await page.sidebar.click('button[aria-label="Remove tag: renewal-2027"]');
    await expect.poll(() => data.contact(anaId)?.tags).not.toContain('renewal-2027');
    expect(data.contact(anaId)?.tags).toEqual(expect.arrayContaining(['vip', 'member']));

    await page.sidebar.fill(NOTE_INPUT, 'Asked for the family plan.');
    await page.sidebar.click(submitOf(NOTE_INPUT));
    await expect
      .poll(() => data.notes(anaId).filter((n) => n.body === 'Asked for the family plan.').length)
      .toBe(1);
    await pause(500);
    expect(writes(world)).toEqual([
      `PUT /contacts/${anaId}/tasks/${open.id}/completed`,
      `PUT /contacts/${anaId}/tasks/${open.id}/completed`,
      `POST /contacts/${anaId}/tags`,
      `DELETE /contacts/${anaId}/tags`,
      `POST /contacts/${anaId}/notes`,
    ]);
    await page.close();
  });
});

describe(`a read-only connection (${browserName()})`, () => {
  let world: DriverWorld;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadOnly' });
  });
  afterAll(async () => world?.close());

  it('shows why writing is off, and refuses a write even from the sidebar’s own frame', async () => {
    world.sandbox.control.clearRequests();
    const page = await world.newPage();
    await page.goto(ANA);
    await waitForSections(page);
    await page.sidebar.waitFor('[data-state="read-only"]');
    expect(await page.sidebar.count({ css: 'button', text: 'Grant write access' })).toBe(1);
    expect(await page.sidebar.count(TASK_INPUT)).toBe(0);
    const sneaky = {
      site: 'gleantap',
      write: {
        kind: 'task.create',
        contactId: anaId,
        input: { title: 'Sneaky', dueDate: new Date().toISOString() },
      },
    };
    const reply = await sendFrom(page.sidebar, 'write.enqueue', sneaky);
    expect(reply.res).toEqual({ ok: false, error: { kind: 'scope.missing', scope: 'contacts.write' } });
    await pause(500);
    expect(writes(world)).toEqual([]);
    expect(world.sandbox.control.data.tasks(anaId).some((t) => t.title === 'Sneaky')).toBe(false);
    await page.close();
  });
});
