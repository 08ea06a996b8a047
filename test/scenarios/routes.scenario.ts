/**
 * Pages we have never seen, in both browsers: the sidebar follows the CRMs on every host and route shape the demo
 * accounts use. Gleantap on app2.gleantap.com, its pages under the workroom chosen after login; a Gestioo account
 * routed by hash (costadental.gestioo.com, /#/clientes/:id); and one whose client opens in a dialog over the list
 * (gimnasiosol.gestioo.com, /clientes?cliente=:id), the record ending when the dialog closes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import { cardName } from '../../scripts/drive/steps.ts';
import type { DriverPage, DriverWorld } from '../../scripts/drive/types.ts';
import { browserName, openWorld } from './world.ts';

const ana = demoPerson('ana');
const ben = demoPerson('ben');
const fullName = (person: typeof ana) => `${person.firstName} ${person.lastName}`;

/** Waits until the sidebar's card shows `person`, and checks it shows that person only. */
async function shows(page: DriverPage, person: typeof ana): Promise<void> {
  await page.sidebar.waitFor({ css: '.hls-card-name', text: fullName(person) }, { timeout: 20_000 });
  expect(await cardName(page)).toBe(fullName(person));
}

/** Marks the page's document, to check later that a navigation did not replace it. */
const markDocument = (page: DriverPage) =>
  page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
const sameDocument = (page: DriverPage) =>
  page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

describe(`the sidebar on every host and route shape (${browserName()})`, () => {
  let world: DriverWorld;
  beforeAll(async () => {
    world = await openWorld({ connect: 'mainReadWrite' });
  });
  afterAll(async () => world?.close());

  it('follows Gleantap on app2.gleantap.com, under the workroom chosen after login', async () => {
    const page = await world.newPage();
    await page.goto('https://app2.gleantap.com/');
    await markDocument(page);
    await page.click({ css: '.workrooms a', text: 'Downtown' });
    await page.click({ css: '.contacts-table a', text: fullName(ana) });
    await expect
      .poll(() => page.url())
      .toBe(`https://app2.gleantap.com/workroom/3187/contacts/${ana.gleantap?.id}`);
    await shows(page, ana);

    // To another member in the app: back to the workroom's list, then the next member.
    await page.click({ css: '.breadcrumb a', text: 'Contacts' });
    await page.sidebar.waitFor('[data-state="no-contact-page"]');
    await page.click({ css: '.contacts-table a', text: fullName(ben) });
    await expect.poll(() => page.url()).toContain(`/workroom/3187/contacts/${ben.gleantap?.id}`);
    await shows(page, ben);
    expect(await sameDocument(page)).toBe(true);

    // A member's page opened directly, in the other workroom.
    await page.goto(`https://app2.gleantap.com/workroom/3188/contacts/${ana.gleantap?.id}/tasks`);
    await shows(page, ana);
    await page.close();
  });

  it('follows a Gestioo account routed by hash, through links and a hash set by the app', async () => {
    const page = await world.newPage();
    await page.goto(`https://costadental.gestioo.com/#/clientes/${ana.gestioo?.id}`);
    await markDocument(page);
    await shows(page, ana);

    // The breadcrumb and the list are #/… links: the browser changes the hash, the app follows.
    await page.click({ css: '.migas a', text: 'Clientes' });
    await page.sidebar.waitFor('[data-state="no-contact-page"]');
    await page.click({ css: '.listado a', text: fullName(ben) });
    await expect.poll(() => page.url()).toBe(`https://costadental.gestioo.com/#/clientes/${ben.gestioo?.id}`);
    await shows(page, ben);

    // The app (or the agent's address bar) sets the hash itself.
    await page.evaluate((id) => {
      location.hash = `#/clientes/${id}`;
    }, ana.gestioo?.id ?? '');
    await shows(page, ana);
    expect(await sameDocument(page)).toBe(true);
    await page.close();
  });

  it('takes a Gestioo client opened in a dialog over the list while it is open, and nobody once closed', async () => {
    const page = await world.newPage();
    await page.goto('https://gimnasiosol.gestioo.com/clientes');
    await markDocument(page);
    await page.click({ css: '.listado a', text: fullName(ana) });
    await expect
      .poll(() => page.url())
      .toBe(`https://gimnasiosol.gestioo.com/clientes?cliente=${ana.gestioo?.id}`);
    await page.waitFor({ css: '[role="dialog"] h2', text: fullName(ana) });
    await shows(page, ana);

    await page.click('[role="dialog"] button.cerrar');
    await page.waitFor('[role="dialog"]', { state: 'hidden' });
    expect(page.url()).toBe('https://gimnasiosol.gestioo.com/clientes');
    await page.sidebar.waitFor('[data-state="no-contact-page"]');
    expect(await page.sidebar.count('.hls-card-name')).toBe(0);

    // Another client's dialog, over the same list.
    await page.click({ css: '.listado a', text: fullName(ben) });
    await shows(page, ben);
    await page.press('Escape');
    await page.sidebar.waitFor('[data-state="no-contact-page"]');
    expect(await sameDocument(page)).toBe(true);

    // A dialog opened by its link directly: the list loads, then the client over it.
    await page.goto(`https://gimnasiosol.gestioo.com/clientes?cliente=${ben.gestioo?.id}`);
    await shows(page, ben);
    await page.close();
  });
});
