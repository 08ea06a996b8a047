/** Steps every scenario and the tour take the same way in both browsers. */
import type { DriverPage, DriverWorld, Surface } from './types.ts';

/** Connects with a Private Integration Token through the options page, as an admin does. */
export async function connectWithPit(
  world: DriverWorld,
  pit: { token: string; locationId: string },
): Promise<void> {
  const page = await world.openExtensionPage('options.html');
  await page.fill('input[name="pit"]', pit.token);
  await page.fill('input[name="locationId"]', pit.locationId);
  await page.click('form:has(input[name="pit"]) button[type="submit"]');
  const text = await page.text('[data-testid="pit-result"]');
  if (!text.startsWith('Connected')) throw new Error(`Connecting failed: ${text}`);
  await page.close();
}

/** Waits until the sidebar shows every section of a matched contact, loaded. */
export async function waitForSections(page: DriverPage | Surface, timeout = 15_000): Promise<void> {
  const bar = 'sidebar' in page ? page.sidebar : page;
  for (const id of ['contact', 'tasks', 'notes', 'appointments'])
    await bar.waitFor(`[data-section="${id}"][data-state="ready"]`, { timeout });
}

/** The name on the sidebar's contact card. */
export function cardName(page: DriverPage): Promise<string> {
  return page.sidebar.text('.hls-card-name');
}
