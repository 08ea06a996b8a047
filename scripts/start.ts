/**
 * `npm start`: build the extension, start the sandbox, launch Chromium with the production build and the
 * host mapping, connect it, and open a demo Gleantap contact. With a display the browser stays open for use
 * by hand; without one it walks a short tour, saves screenshots to demo-output/ and exits.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PEOPLE, SANDBOX_PITS } from '../sandbox/fixtures.ts';
import { startSandbox } from '../sandbox/server.ts';
import { ensureChromium, launchWithExtension } from './chromium.ts';
import { cardName, connectWithPit, sidebar, waitForSections } from './tour.ts';

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

async function main() {
  const executablePath = ensureChromium({ allowInstall: true });
  step('Building the production extension (npm run build)…');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

  const sandbox = await startSandbox({
    port: Number(process.env.SANDBOX_PORT ?? 0),
    latencyMs: 80,
    seed: 'demo',
  });
  step(
    `Sandbox on https://127.0.0.1:${sandbox.port} (HighLevel API, consent page, demo Gestioo and Gleantap)`,
  );

  const browser = await launchWithExtension({
    hostResolverRules: sandbox.hostResolverRules,
    headless,
    executablePath,
  });
  step(`Chromium ${headless ? '(headless)' : ''} with the extension ${browser.extensionId}`);
  await connectWithPit(browser.context, browser.extensionId, SANDBOX_PITS.mainReadWrite);
  step('Connected to the sandbox location with a Private Integration Token');

  const ana = DEMO_PEOPLE.find((p) => p.key === 'ana');
  if (!ana?.gleantap || !ana.gestioo) throw new Error('fixtures: Ana must be on both sites');
  const page = await browser.context.newPage();
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap.id}`);

  if (!headless) {
    step('Ready: the demo Gleantap contact is open. Close the browser window to stop.');
    await new Promise<void>((resolve) => browser.context.on('close', () => resolve()));
    await sandbox.close();
    return;
  }

  mkdirSync(OUT, { recursive: true });
  const shot = async (name: string, what: string) => {
    const path = join(OUT, `${name}.png`);
    await page.screenshot({ path });
    step(`${what} → ${path}`);
  };

  await waitForSections(page);
  await shot(
    'gleantap-contact',
    `Gleantap: the sidebar shows ${(await cardName(page)) ?? ''} with tasks, notes and appointments`,
  );

  await page.goto(`https://app.gestioo.com/clientes/${ana.gestioo.id}`);
  await waitForSections(page);
  await shot('gestioo-contact', `Gestioo: the sidebar shows ${(await cardName(page)) ?? ''}`);

  const nora = DEMO_PEOPLE.find((p) => p.key === 'nora');
  await page.goto(`https://app.gleantap.com/contacts/${nora?.gleantap?.id}`);
  await sidebar(page).locator('[data-state="no-match"]').waitFor();
  await shot('no-match', 'No match: Nora is not in HighLevel');

  const ben = DEMO_PEOPLE.find((p) => p.key === 'ben');
  sandbox.control.configure({ latencyMs: 4000 });
  await page.goto(`https://app.gleantap.com/contacts/${ben?.gleantap?.id}`);
  await sidebar(page).locator('[data-state="matching"]').waitFor();
  await shot('loading', 'Loading: looking the contact up (4 s of latency)');
  sandbox.control.configure({ latencyMs: 80 });
  await waitForSections(page);

  // A contact not opened yet (nothing cached), whose tasks HighLevel keeps failing past the client's retries.
  const xss = DEMO_PEOPLE.find((p) => p.key === 'xss');
  sandbox.control.addFault({ method: 'GET', path: '/tasks$', kind: 'status500', times: 20 });
  await page.goto(`https://app.gleantap.com/contacts/${xss?.gleantap?.id}`);
  await sidebar(page).locator('[data-section="tasks"][data-state="error"]').waitFor({ timeout: 20_000 });
  await shot('error', 'Error: HighLevel answered 500 for tasks; the section offers Retry');
  sandbox.control.clearFaults();

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap.id}`);
  await waitForSections(page);
  await shot('dark', 'Dark: the sidebar follows the system colour scheme');

  // Last: the same location through a read-only token. Writing controls give way to the reason and a way out.
  await page.emulateMedia({ colorScheme: 'light' });
  await connectWithPit(browser.context, browser.extensionId, SANDBOX_PITS.mainReadOnly);
  await page.goto(`https://app.gleantap.com/contacts/${ana.gleantap.id}`);
  await sidebar(page).locator('[data-state="read-only"]').waitFor();
  await waitForSections(page);
  await shot('read-only', 'Read-only: a contacts.readonly token; writing is off, with "Grant write access"');

  await browser.context.close();
  await sandbox.close();
  step(`Tour done: screenshots in ${OUT}/`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
