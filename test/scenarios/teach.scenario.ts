/**
 * Pages we have never seen, taught (both browsers): crm.gestioo.com shows its people at /personas/detalle/:id as a
 * definition list with Spanish labels, which no built-in route recognises. Without a recipe the sidebar shows
 * nobody there; with one (imported on the options page from a file another browser exported) it shows the right
 * person on every record of that layout.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { demoPerson } from '../../sandbox/fixtures.ts';
import type { DriverPage, DriverWorld, Surface } from '../../scripts/drive/types.ts';
import { browserName, openWorld, pause } from './world.ts';

const HOST = 'https://crm.gestioo.com';
const people = (['ana', 'ben', 'xss'] as const).map((key) => demoPerson(key));
const fullName = (person: (typeof people)[number]) => `${person.firstName} ${person.lastName}`;
const recordUrl = (person: (typeof people)[number]) => `${HOST}/personas/detalle/${person.gestioo?.id}`;

const RECIPE_FILE = JSON.stringify({
  kind: 'highlevel-sidebar.recipes',
  version: 1,
  recipes: [
    {
      version: 1,
      id: 'gestioo-personas',
      label: 'Gestioo – persona',
      host: 'crm.gestioo.com',
      urlPattern: '/personas/detalle/:id',
      fields: {
        name: { css: 'dl.datos > dd', label: 'Nombre completo' },
        email: { css: 'dl.datos > dd', label: 'Correo electrónico' },
        phone: { css: 'dl.datos > dd', label: 'Teléfono' },
      },
    },
  ],
});

async function shows(page: DriverPage, person: (typeof people)[number]): Promise<void> {
  await page.goto(recordUrl(person));
  await page.sidebar.waitFor({ css: '.hls-card-name', text: fullName(person) }, { timeout: 20_000 });
}

/** Chooses a file in the options page's import input, as the file picker would. */
function importFile(options: Surface, text: string): Promise<void> {
  return options.evaluate((content) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="recipes-import"]');
    if (!input) throw new Error('no import input');
    const files = new DataTransfer();
    files.items.add(new File([content], 'recipes.json', { type: 'application/json' }));
    input.files = files.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, text);
}

/** Clicks Export and returns the downloaded file's text (the link's blob, read before the page lets it go). */
async function exportFile(options: Surface): Promise<string> {
  await options.evaluate(() => {
    const w = window as unknown as { __exported?: Promise<string> };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.download) w.__exported = fetch(this.href).then((response) => response.text());
      else click.call(this);
    };
  });
  await options.click('[data-testid="recipes-export"]');
  return options.evaluate(() => (window as unknown as { __exported?: Promise<string> }).__exported ?? '');
}

describe(`teaching the sidebar a page it has never seen (${browserName()})`, () => {
  const worlds: DriverWorld[] = [];
  afterAll(async () => {
    for (const world of worlds) await world.close();
  });

  it('shows nobody on the unknown layout; an imported recipe recognises its records; export → import elsewhere', async () => {
    const world = await openWorld({ connect: 'mainReadWrite' });
    worlds.push(world);
    const page = await world.newPage();
    await page.goto(recordUrl(people[0] as (typeof people)[number]));
    await page.waitFor({ css: 'dd', text: 'Ana' });
    await pause(1_500);
    expect(await page.sidebar.count('.hls-card-name').catch(() => 0)).toBe(0);

    // A refused file changes nothing and says why.
    const options = await world.openExtensionPage('options.html');
    await options.waitFor('[data-testid="no-recipes"]');
    await importFile(options, '{"kind":"something else"}');
    await options.waitFor({
      css: '[data-testid="recipes-notice"]',
      text: 'not a HighLevel Sidebar recipes file',
    });
    await importFile(options, RECIPE_FILE);
    await options.waitFor({ css: '[data-recipe="gestioo-personas"]', text: 'crm.gestioo.com' });

    for (const person of people) await shows(page, person);
    const exported = await exportFile(options);
    expect(JSON.parse(exported).recipes[0].urlPattern).toBe('/personas/detalle/:id');

    // A fresh browser: nothing recognised until the exported file is imported.
    const fresh = await openWorld({ connect: 'mainReadWrite' });
    worlds.push(fresh);
    const there = await fresh.newPage();
    const freshOptions = await fresh.openExtensionPage('options.html');
    await freshOptions.waitFor('[data-testid="no-recipes"]');
    await importFile(freshOptions, exported);
    await freshOptions.waitFor({ css: '[data-testid="recipes-notice"]', text: 'Imported: 1.' });
    await shows(there, people[1] as (typeof people)[number]);
  }, 180_000);
});
