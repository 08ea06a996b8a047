/**
 * Steps shared by `npm start`, the end-to-end tests and the benchmarks: connect the extension to the sandbox
 * through its own options page, and open a contact on a demo site until the sidebar shows it.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';

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

/** The sidebar's shadow root content (Playwright pierces open shadow roots with CSS locators). */
export function sidebar(page: Page): Locator {
  return page.locator('highlevel-sidebar .hls-sidebar');
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
