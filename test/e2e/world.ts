/**
 * One end-to-end world: a fresh sandbox and a fresh Chromium profile with the production build loaded, the real
 * hostnames mapped to the sandbox by --host-resolver-rules. Optionally already connected with a sandbox PIT.
 */
import type { Page } from 'playwright-core';
import type { RunningBroker } from '../../broker/node-server.ts';
import { SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/server.ts';
import { type LaunchedBrowser, launchWithExtension } from '../../scripts/chromium.ts';
import { connectWithPit } from '../../scripts/tour.ts';
import { startTestBroker as startScenarioBroker } from '../scenarios/world.ts';

export interface World {
  sandbox: Sandbox;
  browser: LaunchedBrowser;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface WorldOptions extends SandboxOptions {
  connect?: keyof typeof SANDBOX_PITS | null;
  args?: string[];
}

export async function openWorld(options: WorldOptions = {}): Promise<World> {
  const { connect = 'mainReadWrite', args, ...sandboxOptions } = options;
  const sandbox = await startSandbox({ port: 0, ...sandboxOptions });
  let browser: LaunchedBrowser;
  try {
    browser = await launchWithExtension({ hostResolverRules: sandbox.hostResolverRules, args });
  } catch (error) {
    await sandbox.close();
    throw error;
  }
  if (connect) await connectWithPit(browser.context, browser.extensionId, SANDBOX_PITS[connect]);
  return {
    sandbox,
    browser,
    newPage: () => browser.context.newPage(),
    async close() {
      await browser.context.close().catch(() => undefined);
      await sandbox.close();
    },
  };
}

/** A slow host: the page's requests matching `url` are answered `ms` late. */
export async function holdBack(page: Page, url: string | ((url: URL) => boolean), ms: number): Promise<void> {
  await page.route(url, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

/** The token broker as the e2e suites run it: the shared scenarios' (this browser's extension, the sandbox's app). */
export function startTestBroker(world: World): Promise<RunningBroker> {
  const { extensionId } = world.browser;
  return startScenarioBroker({
    browser: 'chromium',
    extensionOrigin: `chrome-extension://${extensionId}`,
    redirectUri: `https://${extensionId}.chromiumapp.org/oauth`,
    sandbox: world.sandbox,
  });
}
