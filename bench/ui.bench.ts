/**
 * Benchmark of the sidebar in a real browser (`node bench/ui.bench.ts`, after `npm run build`).
 *
 * The production build (.output/chrome-mv3) runs in Chromium against the local sandbox, whose HighLevel API
 * answers every request 200 ms late (seed 'large'); the extension is connected through its options page with
 * the sandbox PIT. Measured, each timing as the median of several runs: opening a contact (linked with the
 * cache cold; matched by email and never seen; cached), the business panel of 5,000 contacts, the scripting
 * the content script adds to a page that is not a contact, the JS heap the sidebar costs, the content script's
 * size and the zip's, and the same open done naively (four sequential requests) for comparison. Budgets are in
 * round trips of the same run (one GET from the extension's service worker). Prints a table and where the time
 * of an open goes, merges the metrics into bench/results.json, exits 1 if a budget fails.
 *
 * Contacts are opened the way an agent moves in the host app: an in-app navigation (history.pushState +
 * popstate, as its links do) from the contacts list of a fresh tab, so a cold open includes loading the
 * sidebar's frame but not the host page's own document load. The navigation's time is taken in the page, the
 * sidebar's in its frame, both on the wall clock (page-probes.ts).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BrowserContext, chromium, type Frame, type Page, type Worker } from 'playwright-core';
import { BIG_BUSINESS, DEMO_PEOPLE, LOCATIONS, SANDBOX_PITS } from '../sandbox/fixtures.ts';
import { type RequestLogEntry, type Sandbox, startSandbox } from '../sandbox/server.ts';
import {
  ensureChromium,
  type LaunchedBrowser,
  launchWithExtension,
  sandboxSwitches,
} from '../scripts/chromium.ts';
import { connectWithPit, sidebar, waitForSections } from '../scripts/tour.ts';
import {
  type MessageTiming,
  type NavigationWait,
  navigationTimes,
  RECORD_MESSAGES,
  type SidebarTimes,
  scrollBusinessList,
  startNavigation,
  watchSidebar,
} from './page-probes.ts';
import {
  check,
  comparison,
  describeMachine,
  type Metric,
  median,
  mergeResults,
  printTable,
  reportFailures,
  round,
} from './results.ts';
import { type OpenRun, phaseTable } from './timeline.ts';
import { zipFolder } from './zip.ts';

const LATENCY_MS = 200;
const RUNS = 5;
/**
 * Pairs of page loads for the scripting comparison: one load in each browser, back to back, which goes first
 * alternating, so that drift hits both alike. The figure is the median of the pairs' differences.
 */
const SCRIPTING_RUNS = 41;
const TRACE_RUNS = 3;
const HEAP_RUNS = 3;
const API_HOST = 'services.leadconnectorhq.com';
const LOCATION = LOCATIONS.main.id;
const PIT = SANDBOX_PITS.mainReadWrite;
const OUTPUT = resolve('.output');
const BUILD = join(OUTPUT, 'chrome-mv3');
/** The content script the manifest declares. */
function contentScriptOf(build: string): string {
  if (!existsSync(join(build, 'manifest.json'))) return join(build, 'missing-content-script.js');
  const declared = JSON.parse(readFileSync(join(build, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  return join(build, declared.content_scripts?.[0]?.js?.[0] ?? 'missing-content-script.js');
}
const CONTENT_SCRIPT = contentScriptOf(BUILD);
const LIST_URL = 'https://app.gleantap.com/contacts';
const WAIT_MS = 15_000;
/** API requests allowed in any 10 s before a measured run starts: far from HighLevel's 100, so nothing queues. */
const PACE_CAP = 50;
const CONTENT_BUDGET = 25_000;

const ana = DEMO_PEOPLE.find((person) => person.key === 'ana');
if (!ana?.ghlContactId || !ana.gleantap || !ana.email) throw new Error('The fixtures lost Ana');
const anaSubject = { contactId: ana.ghlContactId, path: `/contacts/${ana.gleantap.id}` };
const anaEmail = ana.email;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

if (!existsSync(join(BUILD, 'manifest.json')) || !existsSync(CONTENT_SCRIPT)) {
  console.error('No production build at .output/chrome-mv3: run `npm run build` first.');
  process.exit(1);
}

// ---- Sizes: no browser needed ----

const gzip9 = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;
const contentGzip = gzip9(CONTENT_SCRIPT);
/** What a contact page loads: the content script and the scripts it may import from the extension. */
const manifest = JSON.parse(readFileSync(join(BUILD, 'manifest.json'), 'utf8')) as {
  web_accessible_resources?: { resources: string[] }[];
};
const lazyScripts = (manifest.web_accessible_resources ?? [])
  .flatMap((entry) => entry.resources)
  .filter((resource) => resource.endsWith('.js') && existsSync(join(BUILD, resource)));
const contactPageGzip = lazyScripts.reduce((sum, file) => sum + gzip9(join(BUILD, file)), contentGzip);

function newestMtime(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((newest, entry) => Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}
const wxtZip = readdirSync(OUTPUT)
  .filter((name) => name.endsWith('-chrome.zip'))
  .map((name) => join(OUTPUT, name))
  .find((path) => statSync(path).mtimeMs >= newestMtime(BUILD));
const zipBytes = wxtZip ? statSync(wxtZip).size : zipFolder(BUILD).length;
const zipSource = wxtZip
  ? `${wxtZip} (\`npm run zip\` of this build)`
  : 'our own DEFLATE-9 zip of .output/chrome-mv3 (no `npm run zip` output newer than the build)';

// ---- In the browser ----

const executablePath = ensureChromium({ allowInstall: false });
// Debian's launcher script complains on stderr about its memory check: only stdout matters.
const chromiumVersion = execFileSync(executablePath, ['--version'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
})
  .trim()
  .replace(/\s+built on.*$/, '');

/** What measure() started, for closeAll. */
const running: {
  sandbox?: Sandbox;
  browser?: LaunchedBrowser;
  plain?: BrowserContext;
  /** Browser profile folders to delete. */
  profiles?: string[];
} = { profiles: [] };
let closing: Promise<void> | undefined;
/** Closes whatever was started, once, whatever failed. */
const closeAll = () => {
  closing ??= (async () => {
    await running.plain?.close().catch(() => undefined);
    await running.browser?.context.close().catch(() => undefined);
    await running.sandbox?.close().catch(() => undefined);
    for (const dir of running.profiles ?? []) rmSync(dir, { recursive: true, force: true });
  })();
  return closing;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void closeAll().finally(() => process.exit(130));
  });
}

interface Subject {
  contactId: string;
  /** The host record's in-app path. */
  path: string;
}

interface IsolatedWorld {
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** A tab on the host app, with a handle on the content script's isolated world (recording its messages). */
interface Tab {
  page: Page;
  isolated: IsolatedWorld;
}

interface Measured {
  rtt: number;
  naive: number[];
  linked: OpenRun[];
  email: OpenRun[];
  warm: OpenRun[];
  firstRows: number[];
  domRows: number;
  businessTotal: number;
  scripting: { with: number[]; without: number[]; taskWith: number[]; taskWithout: number[] };
  contentScriptCpu: number[];
  heap: { with: number[]; without: number[] };
  frameReady: number[];
}

async function measure(): Promise<Measured> {
  const started = performance.now();
  const log = (text: string) =>
    console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${text}`);

  const sandbox = await startSandbox({ port: 0, seed: 'large', latencyMs: LATENCY_MS });
  running.sandbox = sandbox;
  const browser = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules, executablePath });
  running.browser = browser;
  running.profiles?.push(browser.userDataDir);
  const { context, extensionId } = browser;
  await connectWithPit(context, extensionId, PIT);
  const plain = await launchPlain(sandbox.hostResolverRules);
  running.plain = plain;
  log(`sandbox on :${sandbox.port}; ${chromiumVersion} with the extension (connected) and without`);

  const apiLog = (since = 0): RequestLogEntry[] =>
    sandbox.control.requests({ since }).filter((entry) => entry.host === API_HOST);
  const lastSeq = () => sandbox.control.requests().at(-1)?.seq ?? 0;
  /** Waits until `needed` more requests keep the last 10 s under PACE_CAP (HighLevel's window slides). */
  const pace = async (needed: number) => {
    for (;;) {
      const windowStart = Date.now() - 10_500;
      const recent = apiLog().filter((entry) => Date.parse(entry.time) >= windowStart);
      if (recent.length + needed <= PACE_CAP) return;
      const oldest = Date.parse(recent[0]?.time ?? '');
      await sleep(Number.isNaN(oldest) ? 50 : Math.max(50, oldest - windowStart + 10));
    }
  };

  /** The extension's service worker (looked up again, should Chrome have restarted it). */
  const worker = async (): Promise<Worker> =>
    context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ??
    context.waitForEvent('serviceworker', { timeout: WAIT_MS });

  const freshTab = async (): Promise<Tab> => {
    const page = await context.newPage();
    await page.goto(LIST_URL);
    await page.getByRole('link').first().waitFor({ timeout: WAIT_MS });
    const isolated = await isolatedWorldOf(page, extensionId);
    await isolated.evaluate(RECORD_MESSAGES);
    // The content script starts asynchronously (it reads its settings first): let it settle.
    await sleep(300);
    return { page, isolated };
  };
  const closeTab = async (tab: Tab) => {
    await tab.isolated.close().catch(() => undefined);
    await tab.page.close();
  };
  /** The sidebar's frame on the tab's page, once its content script put it there. */
  const frameOf = (page: Page): Frame | undefined =>
    page.frames().find((frame) => frame.url().includes('/sidebar-frame.html'));
  /** Starts watching the sidebar in its frame (and recording the frame's messages); resolves once installed. */
  const watchIn = async (frame: Frame, wait: NavigationWait) => {
    await frame.evaluate(
      `${RECORD_MESSAGES}; globalThis.__hlsBenchMessages.length = 0; ` +
        `globalThis.__hlsWatch = (${watchSidebar.toString()})(${JSON.stringify(wait)}); true`,
    );
    return () => frame.evaluate<SidebarTimes>('globalThis.__hlsWatch');
  };
  const openIn = async (tab: Tab, subject: Subject, wait: Partial<NavigationWait> = {}): Promise<OpenRun> => {
    const full: NavigationWait = {
      path: subject.path,
      contactId: subject.contactId,
      allSections: false,
      business: false,
      timeoutMs: WAIT_MS,
      ...wait,
    };
    await tab.isolated.evaluate('globalThis.__hlsBenchMessages.length = 0');
    const since = lastSeq();
    // Warm: the frame is there, watched before the navigation. Cold: watched as soon as it appears (its
    // first check sees whatever it already shows, and it shows nothing of the contact for a round trip).
    const present = frameOf(tab.page);
    let watched = present ? await watchIn(present, full) : null;
    const start = await tab.page.evaluate(startNavigation, full.path);
    let frame = present;
    while (!watched) {
      frame = frameOf(tab.page);
      if (frame) watched = await watchIn(frame, full);
      else if (Date.now() - start > WAIT_MS) throw new Error(`No sidebar frame appeared for ${full.path}`);
      else await sleep(5);
    }
    const times = navigationTimes(start, await watched());
    const messages = [
      ...(await tab.isolated.evaluate<MessageTiming[]>('globalThis.__hlsBenchMessages')),
      ...((await frame?.evaluate<MessageTiming[]>('globalThis.__hlsBenchMessages')) ?? []),
    ].sort((a, b) => a.sentAt - b.sentAt);
    const requests = apiLog(since).filter((entry) => Date.parse(entry.time) >= Math.floor(start));
    if (requests.some((entry) => entry.status === 429))
      throw new Error(
        `Opening ${subject.path} hit HighLevel's rate limit: the time would not be the sidebar's`,
      );
    return { times, messages, requests };
  };

  // Host records for HighLevel contacts with an email nobody else has, tasks, notes, appointments and no
  // business, created in the demo Gleantap now: the extension has never seen them.
  const people = sandbox.control.data.contacts(LOCATION);
  const emailCount = new Map<string, number>();
  for (const person of people) {
    const email = person.email?.toLowerCase();
    if (email) emailCount.set(email, (emailCount.get(email) ?? 0) + 1);
  }
  const chosen = people
    .filter(
      (person) =>
        person.email &&
        emailCount.get(person.email.toLowerCase()) === 1 &&
        !person.businessId &&
        sandbox.control.data.tasks(person.id).length > 0 &&
        sandbox.control.data.notes(person.id).length > 0 &&
        sandbox.control.data.appointments(person.id).length > 0,
    )
    .slice(0, 2 * RUNS);
  if (chosen.length < 2 * RUNS) throw new Error("The 'large' seed has too few fully populated contacts");
  const subjects = await createHostRecords(context, chosen);
  const linkedSubjects = subjects.slice(0, RUNS);
  const emailSubjects = subjects.slice(RUNS);
  const [other] = linkedSubjects;
  if (!other) throw new Error('No subject to navigate between');

  // Round trip: one GET from the extension's service worker, where the extension makes every API call.
  const sw = await worker();
  const getFromWorker = (paths: string[]) =>
    sw.evaluate(
      async ({ host, paths, token }) => {
        const times: number[] = [];
        for (const path of paths) {
          const begun = performance.now();
          const response = await fetch(`https://${host}${path}`, {
            headers: { Authorization: `Bearer ${token}`, Version: '2021-07-28' },
            cache: 'no-store',
          });
          await response.arrayBuffer();
          if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
          times.push(performance.now() - begun);
        }
        return times;
      },
      { host: API_HOST, paths, token: PIT.token },
    );
  await pace(8);
  await getFromWorker([`/contacts/${anaSubject.contactId}`]);
  const rtt = median(
    await getFromWorker(Array.from({ length: 7 }, () => `/contacts/${anaSubject.contactId}`)),
  );
  log(`round trip ${round(rtt)} ms`);

  // The naive open: contact, tasks, notes and appointments one after another, nothing cached.
  const naive: number[] = [];
  for (const { contactId } of linkedSubjects) {
    await pace(4);
    const paths = ['', '/tasks', '/notes', '/appointments'].map(
      (suffix) => `/contacts/${contactId}${suffix}`,
    );
    const begun = performance.now();
    await getFromWorker(paths);
    naive.push(performance.now() - begun);
  }
  log(`naive open ${round(median(naive))} ms`);

  // Linked, cache cold: each contact is opened once (a unique email match, so the link is remembered), the
  // extension's API cache is emptied, and the contact is opened again from a fresh tab.
  const linked: OpenRun[] = [];
  for (const subject of linkedSubjects) {
    await pace(10);
    const first = await freshTab();
    await openIn(first, subject, { allSections: true });
    await closeTab(first);
    const left = await clearApiCache(await worker());
    if (left !== 0) throw new Error(`The API cache still holds ${left} records after clearing`);
    const tab = await freshTab();
    const run = await openIn(tab, subject, { allSections: true });
    await closeTab(tab);
    if (run.requests.some((entry) => entry.path === '/contacts/search'))
      throw new Error(`${subject.contactId} was searched for: the link was not used`);
    if (run.requests.filter((entry) => entry.path.startsWith(`/contacts/${subject.contactId}`)).length < 4)
      throw new Error(`${subject.contactId} was not read from HighLevel: the cache was not cold`);
    linked.push(run);
  }
  log(`linked cold: all sections ${round(median(linked.map(allSections)))} ms`);

  // Matched by email, never seen: a search, then the sections.
  const email: OpenRun[] = [];
  for (const subject of emailSubjects) {
    await pace(6);
    const tab = await freshTab();
    const run = await openIn(tab, subject, { allSections: true });
    await closeTab(tab);
    if (!run.requests.some((entry) => entry.method === 'POST' && entry.path === '/contacts/search'))
      throw new Error(`${subject.contactId} opened without a search: it was not cold`);
    email.push(run);
  }
  log(
    `email cold: card ${round(median(email.map((run) => run.times.cardMs)))} ms, ` +
      `all sections ${round(median(email.map(allSections)))} ms`,
  );

  // The business panel: Ana's business has ≥ 5,000 contacts, and each time Ana opens the panel asks for its
  // first page. Measured from that reply reaching the content script to the first named row in the DOM.
  const tab = await freshTab();
  await pace(8);
  await openIn(tab, anaSubject, { allSections: true, business: true });
  const firstRows: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await pace(3);
    await openIn(tab, other);
    const opened = await openIn(tab, anaSubject, { business: true });
    const reply = opened.messages.find((m) => m.type === 'business.contacts' && m.repliedAt !== null);
    if (!reply?.repliedAt || opened.times.businessRowAt === null)
      throw new Error('No business.contacts reply reached the sidebar before the rows showed');
    firstRows.push(opened.times.businessRowAt - reply.repliedAt);
  }
  const businessTotal = sandbox.control.data.businessContacts(BIG_BUSINESS.id).length;
  await pace(30);
  const since = lastSeq();
  const businessFrame = frameOf(tab.page);
  if (!businessFrame) throw new Error('The sidebar frame left the tab');
  const scrolled = await businessFrame.evaluate(scrollBusinessList, 25);
  if (apiLog(since).some((entry) => entry.status === 429))
    throw new Error("Scrolling the business list hit HighLevel's rate limit");
  if (scrolled.lastIndex < businessTotal - 100)
    throw new Error(`The list did not reach its end (first row ${scrolled.lastIndex} of ${businessTotal})`);
  log(`business: first rows ${round(median(firstRows))} ms after the data; at most ${scrolled.most} rows`);

  // Back to a cached contact (opened moments ago, so its link and every section are in the cache).
  const warm: OpenRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    await pace(3);
    await openIn(tab, other);
    warm.push(await openIn(tab, anaSubject));
  }
  await closeTab(tab);
  log(`warm: card ${round(median(warm.map((run) => run.times.cardMs)))} ms`);

  // Heap: Ana's page (loaded directly) with the sidebar open, against the same page without the extension.
  // The content script's isolated world lives in the page's V8 heap: the difference is what the sidebar costs.
  // The sidebar's tabs are closed, one blank tab kept: a browser left with no tab closes its window, and every
  // page opened after that opens a new window too (with its own browser UI pages to load), which costs the
  // whole browser CPU time during the page loads measured next. The plain browser keeps its first tab likewise.
  const blank = await context.newPage();
  for (const page of context.pages()) if (page !== blank) await page.close();
  const heap = { with: [] as number[], without: [] as number[] };
  const frameReady: number[] = [];
  for (let run = 0; run < HEAP_RUNS; run++) {
    await pace(8);
    heap.with.push(
      await heapAfter(context, async (page) => {
        await page.goto(`https://app.gleantap.com${anaSubject.path}`);
        await waitForSections(page, WAIT_MS);
        await sidebar(page)
          .locator('[data-section="business"] .hls-row-name')
          .first()
          .waitFor({ timeout: WAIT_MS });
        frameReady.push(await frameReadyOn(page));
      }),
    );
    heap.without.push(
      await heapAfter(plain, async (page) => {
        await page.goto(`https://app.gleantap.com${anaSubject.path}`);
        await page.getByText(anaEmail).first().waitFor({ timeout: WAIT_MS });
      }),
    );
  }
  log(`heap: ${mb(median(heap.with))} MB with the sidebar open, ${mb(median(heap.without))} MB without`);
  log(`frame ready: ${round(median(frameReady))} ms after the content script started`);

  // A page that is not a contact (the contacts list): main-thread CPU time in script and in tasks, with and
  // without the extension; then, with tracing, the time attributed to the content script itself.
  const scripting = {
    with: [] as number[],
    without: [] as number[],
    taskWith: [] as number[],
    taskWithout: [] as number[],
  };
  // Unmeasured loads first: the plain browser has not shown the list yet, and its first loads compile the page's
  // scripts that later loads take from the code cache (the extension's browser has shown it many times).
  for (let run = 0; run < 3; run++) {
    await scriptingOfListPage(plain);
    await scriptingOfListPage(context);
  }
  for (let run = 0; run < SCRIPTING_RUNS; run++) {
    // Alternating which browser goes first, so that neither always loads the page second.
    const withFirst = run % 2 === 0;
    const first = await scriptingOfListPage(withFirst ? context : plain);
    const second = await scriptingOfListPage(withFirst ? plain : context);
    const [withExtension, without] = withFirst ? [first, second] : [second, first];
    scripting.with.push(withExtension.script);
    scripting.taskWith.push(withExtension.task);
    scripting.without.push(without.script);
    scripting.taskWithout.push(without.task);
  }
  const contentScriptCpu: number[] = [];
  for (let run = 0; run < TRACE_RUNS; run++)
    contentScriptCpu.push(await tracedContentScript(context, extensionId));
  log('scripting measured');

  return {
    rtt,
    naive,
    linked,
    email,
    warm,
    firstRows,
    domRows: scrolled.most,
    businessTotal,
    scripting,
    contentScriptCpu,
    heap,
    frameReady,
  };
}

/**
 * From the content script's start on a contact page to the sidebar's frame saying it can render (attached to its
 * tab, Preact mounted): the content script's two performance marks, read from the page (one timeline per page).
 */
async function frameReadyOn(page: Page): Promise<number> {
  const marks = await page.evaluate(() =>
    ['hls-content-start', 'hls-frame-ready'].map(
      (name) => performance.getEntriesByName(name)[0]?.startTime ?? null,
    ),
  );
  const [started, ready] = marks;
  if (started == null || ready == null) throw new Error(`The content script's marks are missing: ${marks}`);
  return ready - started;
}

const allSections = (run: OpenRun) => run.times.allSectionsMs ?? Number.NaN;
const mb = (bytes: number) => round(bytes / 2 ** 20, 2);
const spread = (values: number[]) => `(${round(Math.min(...values))}–${round(Math.max(...values))})`;

async function launchPlain(hostResolverRules: string): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'hl-bench-plain-'));
  running.profiles?.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1360, height: 860 },
    // The switches launchWithExtension uses, without the extension.
    args: sandboxSwitches(hostResolverRules),
  });
}

/** Adds the chosen HighLevel contacts to the demo Gleantap (through its own API), as the host CRM would hold them. */
async function createHostRecords(
  context: BrowserContext,
  people: ReturnType<Sandbox['control']['data']['contacts']>,
): Promise<Subject[]> {
  const page = await context.newPage();
  try {
    await page.goto(LIST_URL);
    const hostIds = await page.evaluate(
      async (records) => {
        const ids: string[] = [];
        for (const record of records) {
          const response = await fetch('/api/contacts', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(record),
          });
          if (response.status !== 201) throw new Error(`Gleantap refused a contact: ${response.status}`);
          ids.push(((await response.json()) as { contact: { id: string } }).contact.id);
        }
        return ids;
      },
      people.map((person) => ({
        firstName: person.firstName ?? '',
        lastName: person.lastName ?? '',
        email: person.email,
        phone: person.phone ?? null,
      })),
    );
    return people.map((person, index) => ({ contactId: person.id, path: `/contacts/${hostIds[index]}` }));
  } finally {
    await page.close();
  }
}

/** Evaluates in the content script's isolated world, found through the DevTools protocol. */
async function isolatedWorldOf(page: Page, extensionId: string): Promise<IsolatedWorld> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) =>
    contexts.push(event.context as (typeof contexts)[number]),
  );
  await cdp.send('Runtime.enable');
  const deadline = Date.now() + WAIT_MS;
  const isContentScript = (c: (typeof contexts)[number]) =>
    c.origin === `chrome-extension://${extensionId}` && c.auxData?.type === 'isolated';
  while (!contexts.some(isContentScript)) {
    if (Date.now() > deadline) throw new Error('The content script never ran on the page.');
    await sleep(50);
  }
  const contextId = contexts.find(isContentScript)?.id;
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const result = await cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true });
      if (result.exceptionDetails)
        throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
      return result.result.value as T;
    },
    close: () => cdp.detach(),
  };
}

/**
 * Empties the extension's API cache (IndexedDB `hl-sidebar-api-cache`, store `records`) from its service
 * worker: the worker holds the database open, so it is cleared rather than deleted, and never created here.
 * Answers how many records are left.
 */
function clearApiCache(sw: Worker): Promise<number> {
  return sw.evaluate(
    () =>
      new Promise<number>((done, fail) => {
        const request = indexedDB.open('hl-sidebar-api-cache');
        request.onupgradeneeded = () => request.transaction?.abort();
        request.onerror = () => fail(new Error('The API cache database does not exist yet'));
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction('records', 'readwrite');
          tx.objectStore('records').clear();
          const count = tx.objectStore('records').count();
          tx.oncomplete = () => {
            db.close();
            done(count.result);
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
  );
}

/**
 * The V8 heap used by a page's renderer, and by the sidebar frame's when it has one, once `load` is done, after a
 * second of quiet and two full GCs.
 */
async function heapAfter(context: BrowserContext, load: (page: Page) => Promise<void>): Promise<number> {
  const page = await context.newPage();
  try {
    await load(page);
    await sleep(1000);
    // The page's renderer (the content script's isolated world lives in its heap), and the sidebar's frame,
    // which runs in the extension's own renderer: what the sidebar costs is in both.
    const targets: (Page | Frame)[] = [
      page,
      ...page.frames().filter((f) => f.url().includes('/sidebar-frame.html')),
    ];
    let used = 0;
    for (const target of targets) {
      const cdp = await context.newCDPSession(target);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      used += (await cdp.send('Runtime.getHeapUsage')).usedSize;
      await cdp.detach();
    }
    return used;
  } finally {
    await page.close();
  }
}

/** Main-thread CPU time (thread ticks), in ms, spent in script and in tasks while the contacts list loads and idles. */
async function scriptingOfListPage(context: BrowserContext): Promise<{ script: number; task: number }> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(LIST_URL);
    await page.getByRole('link').first().waitFor({ timeout: WAIT_MS });
    await sleep(1000);
    const { metrics } = await cdp.send('Performance.getMetrics');
    await cdp.detach();
    const ms = (name: string) => {
      const metric = metrics.find((entry) => entry.name === name);
      if (!metric) throw new Error(`Chromium reported no ${name}`);
      return metric.value * 1000;
    };
    return { script: ms('ScriptDuration'), task: ms('TaskDuration') };
  } finally {
    await page.close();
  }
}

interface TraceEvent {
  ph: string;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: unknown;
}

/**
 * CPU time (ms) the trace attributes to the extension's scripts while the contacts list loads and idles: the
 * content script's evaluation and the callbacks it registered (outermost events only, so nothing counts twice).
 */
async function tracedContentScript(context: BrowserContext, extensionId: string): Promise<number> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (event) => events.push(...(event.value as unknown as TraceEvent[])));
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'v8.execute'] },
    });
    await page.goto(LIST_URL);
    await page.getByRole('link').first().waitFor({ timeout: WAIT_MS });
    await sleep(1000);
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
    const origin = `chrome-extension://${extensionId}/`;
    const ours = events
      .filter((event) => event.ph === 'X' && JSON.stringify(event.args ?? {}).includes(origin))
      .sort((a, b) => a.tid - b.tid || a.ts - b.ts);
    let total = 0;
    let end = Number.NEGATIVE_INFINITY;
    let thread = Number.NaN;
    for (const event of ours) {
      if (event.tid !== thread || event.ts >= end) {
        total += event.tdur ?? event.dur ?? 0;
        end = event.ts + (event.dur ?? 0);
        thread = event.tid;
      }
    }
    if (ours.length === 0) throw new Error('The trace shows nothing of the content script');
    return total / 1000;
  } finally {
    await page.close();
  }
}

let measured: Measured;
try {
  measured = await measure();
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  await closeAll();
  process.exit(1);
}
await closeAll();

const { rtt } = measured;
const linkedAll = median(measured.linked.map(allSections));
const naive = median(measured.naive);
const scriptingWith = median(measured.scripting.with);
const scriptingWithout = median(measured.scripting.without);
/** Per pair, what the extension's browser spent more than the plain one on the same page just before or after. */
const pairDifferences = (withExtension: number[], without: number[]) =>
  median(withExtension.map((value, index) => value - (without[index] ?? Number.NaN)));
const scriptingExtra = pairDifferences(measured.scripting.with, measured.scripting.without);
const heapWith = median(measured.heap.with);
const heapWithout = median(measured.heap.without);
const metrics: Metric[] = [
  comparison('ui.rtt.ms', rtt, 'ms'),
  check('ui.linked.cold.allSections.ms', linkedAll, 'ms', '<=', 1.2 * rtt + 100),
  check(
    'ui.email.cold.card.ms',
    median(measured.email.map((run) => run.times.cardMs)),
    'ms',
    '<=',
    1.2 * rtt + 100,
  ),
  check('ui.email.cold.allSections.ms', median(measured.email.map(allSections)), 'ms', '<=', 2.2 * rtt + 100),
  check('ui.warm.card.ms', median(measured.warm.map((run) => run.times.cardMs)), 'ms', '<=', 50),
  check('ui.nonContactPage.scripting.ms', scriptingExtra, 'ms', '<=', 5),
  comparison(
    'ui.nonContactPage.task.ms',
    pairDifferences(measured.scripting.taskWith, measured.scripting.taskWithout),
    'ms',
  ),
  comparison('ui.nonContactPage.contentScriptTrace.ms', median(measured.contentScriptCpu), 'ms'),
  check('ui.contentScript.gzip.bytes', contentGzip, 'bytes', '<=', CONTENT_BUDGET),
  comparison('ui.contactPage.scripts.gzip.bytes', contactPageGzip, 'bytes', 0),
  comparison('ui.zip.bytes', zipBytes, 'bytes', 0),
  check('ui.heap.bytes', heapWith - heapWithout, 'bytes', '<=', 8 * 2 ** 20),
  comparison('ui.frame.ready.ms', median(measured.frameReady), 'ms'),
  check('ui.business5000.firstRows.ms', median(measured.firstRows), 'ms', '<=', 150),
  check('ui.business5000.domRows', measured.domRows, 'rows', '<=', 60),
  comparison('ui.naive.linked.cold.allSections.ms', naive, 'ms'),
  comparison('ui.naive.linked.cold.ratio', naive / linkedAll, 'ratio', 2),
];

console.log(
  `\nSidebar UI benchmark: ${chromiumVersion}, sandbox latency ${LATENCY_MS} ms, round trip ${round(rtt)} ms ` +
    `(one GET from the extension's service worker), medians of ${RUNS} runs`,
);
console.log(
  `\nWhere the time of an open goes (ms from the click, medians; the content script's messages and the ` +
    `requests the sandbox saw):`,
);
console.table(
  phaseTable({ 'linked, cold': measured.linked, 'email, cold': measured.email, warm: measured.warm }),
);
console.log(
  [
    `  scripting on the contacts list: ${round(scriptingExtra)} ms more with the extension (median of ` +
      `${SCRIPTING_RUNS} back-to-back pairs of loads); ${round(scriptingWith)} ms with ${spread(measured.scripting.with)}, ` +
      `${round(scriptingWithout)} ms without ${spread(measured.scripting.without)} (main-thread CPU, medians); ` +
      `the trace gives the content script ` +
      `${round(median(measured.contentScriptCpu))} ms (median of ${TRACE_RUNS})`,
    `  heap: V8 heap of Ana's page and of the sidebar's frame, ${mb(heapWith)} MB, minus the same page without ` +
      `the extension, ${mb(heapWithout)} MB (the isolated world shares the page's heap; medians of ${HEAP_RUNS})`,
    `  frame ready: content script start on Ana's page (a direct load) → the frame attached and rendering, ` +
      `${round(median(measured.frameReady))} ms ${spread(measured.frameReady)} (median of ${HEAP_RUNS})`,
    `  business list: ${measured.businessTotal} contacts; zip: ${zipSource}`,
    `  scripts of a contact page (gzip -9): ${relative(BUILD, CONTENT_SCRIPT)} ${contentGzip} B` +
      lazyScripts.map((file) => ` + ${file} ${gzip9(join(BUILD, file))} B`).join('') +
      ' (by module: node bench/content-size.ts)',
    '',
  ].join('\n'),
);
printTable(metrics);
mergeResults(metrics, describeMachine([chromiumVersion]));
if (!reportFailures(metrics)) {
  if (contentGzip > CONTENT_BUDGET)
    console.error('What weighs most in the content script: node bench/content-size.ts');
  process.exit(1);
}
