/** The origins the extension works with: the host CRMs (content script) and HighLevel's API (background). */
export const CRM_MATCHES = ['https://*.gestioo.com/*', 'https://app.gleantap.com/*'] as const;
export const HIGHLEVEL_API_BASE = 'https://services.leadconnectorhq.com';
export const HIGHLEVEL_API_MATCH = `${HIGHLEVEL_API_BASE}/*`;
/** Where "Open in HighLevel" points. */
export const HIGHLEVEL_APP_BASE = 'https://app.gohighlevel.com';

/** True when `url` is an https page of one of the supported CRMs. Exact hosts or subdomains only. */
export function isCrmUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '') return false;
  const host = parsed.hostname;
  return (
    host === 'app.gleantap.com' || (host.endsWith('.gestioo.com') && host.length > '.gestioo.com'.length)
  );
}
