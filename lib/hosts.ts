/** The origins the extension works with: the host CRMs (content script) and HighLevel's API (background). */
import { SITE_DEFINITIONS } from './host-page/sites/definitions.ts';

/** Every CRM definition's match patterns: the manifest's content script, host permissions and resources. */
export const CRM_MATCHES: readonly string[] = SITE_DEFINITIONS.flatMap((site) => site.matches);
export const HIGHLEVEL_API_BASE = 'https://services.leadconnectorhq.com';
export const HIGHLEVEL_API_MATCH = `${HIGHLEVEL_API_BASE}/*`;
/** Where "Open in HighLevel" points. */
export const HIGHLEVEL_APP_BASE = 'https://app.gohighlevel.com';
