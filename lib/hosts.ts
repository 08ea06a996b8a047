/** The origins the extension works with: the host CRMs (content script) and HighLevel's API (background). */
export const CRM_MATCHES = ['https://*.gestioo.com/*', 'https://app.gleantap.com/*'] as const;
export const HIGHLEVEL_API_BASE = 'https://services.leadconnectorhq.com';
export const HIGHLEVEL_API_MATCH = `${HIGHLEVEL_API_BASE}/*`;
/** Where "Open in HighLevel" points. */
export const HIGHLEVEL_APP_BASE = 'https://app.gohighlevel.com';
