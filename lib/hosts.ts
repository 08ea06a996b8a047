/** The origins the extension works with: the host CRMs (content script) and HighLevel's API (background). */
import { SITE_DEFINITIONS } from './host-page/sites/definitions.ts';

/** Every CRM definition's match patterns: the manifest's content script, host permissions and resources. */
export const CRM_MATCHES: readonly string[] = SITE_DEFINITIONS.flatMap((site) => site.matches);
export const HIGHLEVEL_API_BASE = 'https://services.leadconnectorhq.com';
export const HIGHLEVEL_API_MATCH = `${HIGHLEVEL_API_BASE}/*`;
/** Where "Open in HighLevel" points. */
export const HIGHLEVEL_APP_BASE = 'https://app.gohighlevel.com';
/**
 * The manifest's host permissions: what the browser must grant for the extension to work. Firefox (MV3) and
 * Chrome's site access let the user withhold them; the background checks them (features/settings/background/
 * host-access.ts) and the pages ask for them again with exactly this list.
 */
export const HOST_PERMISSIONS: readonly string[] = [...CRM_MATCHES, HIGHLEVEL_API_MATCH];
