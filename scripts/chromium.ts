/**
 * Finds a Chrome or Chromium to drive, and launches it with the built extension pointed at the sandbox:
 * the production build, unmodified, with the real hostnames mapped to the local sandbox by the browser itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';

const CANDIDATES = [
  process.env.CHROME_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export function findChromium(): string | null {
  for (const candidate of CANDIDATES) if (candidate && existsSync(candidate)) return candidate;
  return null;
}

/** On Debian as root, Chromium is one apt-get away; elsewhere say how to get it. */
export function ensureChromium({ allowInstall }: { allowInstall: boolean }): string {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = existsSync('/etc/debian_version');
  if (allowInstall && isRoot && isDebian) {
    console.log("No Chrome/Chromium found: installing Debian's chromium (apt-get install -y chromium)…");
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(
    [
      'No Chrome or Chromium was found.',
      '  Debian/Ubuntu: sudo apt-get install -y chromium',
      '  macOS: install Google Chrome or Chromium into /Applications',
      '  Anywhere: set CHROME_PATH to the browser executable.',
    ].join('\n'),
  );
}

/** The switches every Chromium we launch gets: the sandbox's hosts, its certificate, and a quiet browser. */
export function sandboxSwitches(hostResolverRules: string): string[] {
  return [
    `--host-resolver-rules=${hostResolverRules}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
    '--no-default-browser-check',
  ];
}

export interface LaunchOptions {
  hostResolverRules: string;
  extensionPath?: string;
  headless?: boolean;
  userDataDir?: string;
  executablePath?: string;
  /** What pages see as `prefers-color-scheme` (default: light). */
  colorScheme?: 'light' | 'dark';
  /** Extra Chromium switches (e.g. --force-dark-mode for screenshots). */
  args?: string[];
}

export interface LaunchedBrowser {
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  userDataDir: string;
}

export async function launchWithExtension(options: LaunchOptions): Promise<LaunchedBrowser> {
  const extensionPath = resolve(options.extensionPath ?? '.output/chrome-mv3');
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath}: run \`npm run build\` first.`);
  }
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'hl-sidebar-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath ?? ensureChromium({ allowInstall: false }),
    headless: options.headless ?? true,
    ignoreDefaultArgs: ['--disable-extensions'],
    ignoreHTTPSErrors: true,
    viewport: { width: 1360, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    args: [
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
      ...sandboxSwitches(options.hostResolverRules),
      ...(options.args ?? []),
    ],
  });
  const serviceWorker =
    context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(serviceWorker.url()).host;
  return { context, serviceWorker, extensionId, userDataDir };
}
