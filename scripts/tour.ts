/**
 * Steps shared by `npm start`, the end-to-end tests and the benchmarks: connect the extension to the sandbox
 * through its own options page, and open a contact on a demo site until the sidebar shows it.
 */
import type { BrowserContext, Frame, Locator, Page } from 'playwright-core';

export async function connectWithPit(
  context: BrowserContext,
  extensionId: string,
  pit: { token: string; locationId: string },
): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Private Integration Token', { exact: true }).fill(pit.token);
  await page.getByLabel('Location id', { exact: true }).fill(pit.locationId);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  const result = page.getByTestId('pit-result');
  await result.waitFor({ timeout: 15_000 });
  const text = (await result.textContent()) ?? '';
  if (!text.startsWith('Connected')) throw new Error(`Connecting failed: ${text}`);
  await page.close();
}

/** The sidebar's frame on `page` (the extension's page in an iframe in a closed shadow root), once it is there. */
export async function sidebarFrame(page: Page, timeout = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/sidebar-frame.html'));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('The sidebar frame never appeared.');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Locator methods that only describe (they run nothing): kept, and replayed once the frame is found. */
const DESCRIBING = new Set([
  'locator',
  'first',
  'last',
  'nth',
  'filter',
  'and',
  'or',
  'getByRole',
  'getByText',
  'getByLabel',
  'getByPlaceholder',
  'getByTestId',
  'getByTitle',
  'getByAltText',
]);

/**
 * The sidebar, as a Locator into its frame. The frame is found when a locator method runs (Playwright cannot
 * look into a closed shadow root for the iframe element, but it lists every frame of the page).
 */
export function sidebar(page: Page): Locator {
  const resolve = async () => (await sidebarFrame(page)).locator('.hls-sidebar');
  const lazy = (chain: [string, unknown[]][]): Locator =>
    new Proxy({} as Locator, {
      get(_target, property) {
        if (property === 'then' || typeof property === 'symbol') return undefined;
        if (property === 'page') return () => page;
        if (property === 'toString')
          return () => `sidebar ${chain.map(([m, a]) => `${m}(${a.join(', ')})`).join('.')}`;
        if (typeof property === 'string' && DESCRIBING.has(property))
          return (...args: unknown[]) => lazy([...chain, [property, args]]);
        return async (...args: unknown[]) => {
          type Methods = Record<string, (...a: unknown[]) => unknown>;
          let locator = await resolve();
          for (const [method, methodArgs] of chain)
            locator = (locator as unknown as Methods)[method]?.(...methodArgs) as Locator;
          return (locator as unknown as Methods)[property as string]?.(...args);
        };
      },
    });
  return lazy([]);
}

/** The name on the sidebar's contact card, or null while there is none. */
export function cardName(page: Page): Promise<string | null> {
  return sidebar(page).locator('.hls-card-name').first().textContent();
}

export async function waitForSections(page: Page, timeout = 15_000): Promise<void> {
  const bar = sidebar(page);
  for (const id of ['contact', 'tasks', 'notes', 'appointments']) {
    await bar.locator(`[data-section="${id}"][data-state="ready"]`).waitFor({ timeout });
  }
}
