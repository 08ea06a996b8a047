/**
 * `npm start`: build the extension, start the sandbox, launch a browser with the production build and the host
 * mapping, connect it, and open a demo Gleantap contact. With a display the browser stays open for use by hand;
 * without one it walks a short tour, saves screenshots to demo-output/ and exits.
 *
 * `npm start -- --browser firefox` does the same in Firefox (Debian's firefox-esr, or FIREFOX_PATH) with the
 * Firefox build; its screenshots are saved beside Chromium's, named `firefox-<state>.png`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PEOPLE, SANDBOX_PITS } from '../sandbox/fixtures.ts';
import { ensureChromium } from './chromium.ts';
import { openChromiumWorld } from './drive/chromium.ts';
import { firefoxPath, openFirefoxWorld } from './drive/firefox.ts';
import { cardName, connectWithPit, waitForSections } from './drive/steps.ts';
import type { BrowserName, DriverWorld, WorldOptions } from './drive/types.ts';

const OUT = 'demo-output';
const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = process.env.HEADLESS
  ? process.env.HEADLESS !== '0'
  : !hasDisplay || process.env.CI === 'true';

function step(text: string) {
  console.log(`• ${text}`);
}

function browserArg(): BrowserName {
  const { values } = parseArgs({ options: { browser: { type: 'string', short: 'b', default: 'chromium' } } });
  const name = values.browser === 'chrome' ? 'chromium' : values.browser;
  if (name !== 'chromium' && name !== 'firefox')
    throw new Error(`--browser must be chromium or firefox, not "${values.browser}".`);
  return name;
}

async function main() {
  const browser = browserArg();
  if (browser === 'chromium') ensureChromium({ allowInstall: true });
  else firefoxPath();
  const build = browser === 'firefox' ? 'build:firefox' : 'build';
  step(`Building the production extension (npm run ${build})…`);
  execFileSync('npm', ['run', '--silent', build], { stdio: ['ignore', 'ignore', 'inherit'] });

  const options = {
    port: Number(process.env.SANDBOX_PORT ?? 0),
    latencyMs: 80,
    seed: 'demo' as const,
    headless,
    connect: null,
  } satisfies WorldOptions;
  const open = (with_: WorldOptions): Promise<DriverWorld> =>
    browser === 'firefox' ? openFirefoxWorld(with_) : openChromiumWorld(with_);
  const world = await open(options);
  const { sandbox } = world;
  step(
    `Sandbox on https://127.0.0.1:${sandbox.port} (HighLevel API, consent page, demo Gestioo and Gleantap)`,
  );
  step(
    `${browser === 'firefox' ? 'Firefox' : 'Chromium'}${headless ? ' (headless)' : ''} with the extension`,
  );
  await connectWithPit(world, SANDBOX_PITS.mainReadWrite);
  step('Connected to the sandbox location with a Private Integration Token');

  const ana = DEMO_PEOPLE.find((p) => p.key === 'ana');
  if (!ana?.gleantap || !ana.gestioo) throw new Error('fixtures: Ana must be on both sites');
  const page = await world.newPage();
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap.id}`);

  if (!headless) {
    step('Ready: the demo Gleantap contact is open. Close the browser window to stop.');
    await world.closedByUser();
    await sandbox.close();
    return;
  }

  mkdirSync(OUT, { recursive: true });
  const prefix = browser === 'firefox' ? 'firefox-' : '';
  const shot = async (name: string, what: string) => {
    const path = join(OUT, `${prefix}${name}.png`);
    await page.screenshot(path);
    step(`${what} → ${path}`);
  };

  await waitForSections(page);
  await shot(
    'gleantap-contact',
    `Gleantap: the sidebar shows ${await cardName(page)} with tasks, notes and appointments`,
  );

  await page.goto(`https://app.gestioo.com/clientes/${ana.gestioo.id}`);
  await waitForSections(page);
  await shot('gestioo-contact', `Gestioo: the sidebar shows ${await cardName(page)}`);

  const nora = DEMO_PEOPLE.find((p) => p.key === 'nora');
  await page.goto(`https://app.gleantap.com/contacts/${nora?.gleantap?.id}`);
  await page.sidebar.waitFor('[data-state="no-match"]');
  await shot('no-match', 'No match: Nora is not in HighLevel');

  const ben = DEMO_PEOPLE.find((p) => p.key === 'ben');
  sandbox.control.configure({ latencyMs: 4000 });
  await page.goto(`https://app.gleantap.com/contacts/${ben?.gleantap?.id}`);
  await page.sidebar.waitFor('[data-state="matching"]');
  await shot('loading', 'Loading: looking the contact up (4 s of latency)');
  sandbox.control.configure({ latencyMs: 80 });
  await waitForSections(page);

  // A contact not opened yet (nothing cached), whose tasks HighLevel keeps failing past the client's retries.
  const xss = DEMO_PEOPLE.find((p) => p.key === 'xss');
  sandbox.control.addFault({ method: 'GET', path: '/tasks$', kind: 'status500', times: 20 });
  await page.goto(`https://app.gleantap.com/contacts/${xss?.gleantap?.id}`);
  await page.sidebar.waitFor('[data-section="tasks"][data-state="error"]', { timeout: 20_000 });
  await shot('error', 'Error: HighLevel answered 500 for tasks; the section offers Retry');
  sandbox.control.clearFaults();

  // Last on this profile: the same location through a read-only token. Writing controls give way to the reason
  // and a way out.
  await connectWithPit(world, SANDBOX_PITS.mainReadOnly);
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap.id}`);
  await page.sidebar.waitFor('[data-state="read-only"]');
  await waitForSections(page);
  await shot('read-only', 'Read-only: a contacts.readonly token; writing is off, with "Grant write access"');
  await world.close();

  // Dark: a browser whose system colour scheme is dark (Firefox takes it only at launch).
  const dark = await open({ ...options, colorScheme: 'dark', connect: 'mainReadWrite' });
  const darkPage = await dark.newPage();
  await darkPage.goto(`https://app.gleantap.com/contacts/${ana.gleantap.id}`);
  await waitForSections(darkPage);
  const darkPath = join(OUT, `${prefix}dark.png`);
  await darkPage.screenshot(darkPath);
  step(`Dark: the sidebar follows the system colour scheme → ${darkPath}`);
  await dark.close();
  step(`Tour done: screenshots in ${OUT}/`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
