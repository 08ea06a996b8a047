/**
 * The one place that reads `sender.*`. Decides who a message came from and denies by default:
 * - our extension pages (options, popup, report), in a tab or not;
 * - the sidebar's frame: our sidebar page inside a tab, never its top frame (what it may reach is decided by
 *   the background's tab sessions, features/sidebar/background/tabs.ts, once the content script of that tab vouched for it);
 * - our content script, in the top frame of a supported CRM page, for the site its URL belongs to;
 * - everything else (other extensions, sub-frames, other origins, pages, our sidebar page opened on its own)
 *   is denied.
 */
import { siteForUrl } from '../host-page/sites/catalog';
import type { SiteId } from '../host-page/sites/types';

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export type TrustedSender =
  | { kind: 'extension-page'; url: string }
  | { kind: 'sidebar-frame'; tabId: number; frameId: number; url: string }
  | { kind: 'content-script'; tabId: number; url: string; site: SiteId };

export type SenderVerdict = TrustedSender | { kind: 'denied'; reason: string };

export interface ExtensionIdentity {
  id: string;
  /** e.g. `chrome-extension://<id>/` — what `runtime.getURL('/')` returns. */
  baseUrl: string;
}

/** The sidebar's page, the one extension page a CRM page may frame (web_accessible_resources). */
export const SIDEBAR_PAGE = '/sidebar-frame.html';

/** The scheme and authority of an extension URL (URL.origin is 'null' for chrome-extension: outside Chrome). */
export function originOf(url: string): string {
  const start = url.indexOf('//');
  if (start < 0) return '';
  const end = url.indexOf('/', start + 2);
  return end < 0 ? url : url.slice(0, end);
}

function pathOf(url: string): string {
  const rest = url.slice(originOf(url).length);
  const cut = rest.search(/[?#]/);
  return cut < 0 ? rest : rest.slice(0, cut);
}

const EXTENSION_SCHEMES = ['chrome-extension:', 'moz-extension:', 'safari-web-extension:'];

export function classifySender(sender: SenderInfo | undefined, self: ExtensionIdentity): SenderVerdict {
  if (!sender) return { kind: 'denied', reason: 'no sender' };
  if (sender.id !== self.id) return { kind: 'denied', reason: 'another extension' };
  const url = sender.url;
  if (!url) return { kind: 'denied', reason: 'no sender url' };
  const selfOrigin = originOf(self.baseUrl);
  const senderOrigin = originOf(url);

  // The sidebar's page is web-accessible with a dynamic URL (Chrome): its origin is then not the extension's
  // static one, but its scheme is an extension scheme that only this extension's own pages can hold here
  // (`sender.id` is ours).
  if (pathOf(url) === SIDEBAR_PAGE && EXTENSION_SCHEMES.some((scheme) => url.startsWith(`${scheme}//`))) {
    if (sender.origin !== undefined && sender.origin !== senderOrigin)
      return { kind: 'denied', reason: 'origin mismatch' };
    if (!sender.tab || typeof sender.tab.id !== 'number') return { kind: 'denied', reason: 'not in a tab' };
    if (typeof sender.frameId !== 'number' || sender.frameId === 0)
      return { kind: 'denied', reason: 'sidebar page outside a frame' };
    return { kind: 'sidebar-frame', tabId: sender.tab.id, frameId: sender.frameId, url };
  }

  if (senderOrigin === selfOrigin) {
    // An extension page lives at our origin, in any frame; Chrome also reports the origin.
    if (sender.origin !== undefined && sender.origin !== selfOrigin)
      return { kind: 'denied', reason: 'origin mismatch' };
    return { kind: 'extension-page', url };
  }

  if (!sender.tab || typeof sender.tab.id !== 'number') return { kind: 'denied', reason: 'not in a tab' };
  if (sender.frameId !== 0) return { kind: 'denied', reason: 'sub-frame' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'denied', reason: 'unsupported origin' };
  }
  const site = parsed.protocol === 'https:' && parsed.port === '' ? siteForUrl(parsed) : null;
  if (!site) return { kind: 'denied', reason: 'unsupported origin' };
  if (sender.origin !== undefined && sender.origin !== parsed.origin) {
    return { kind: 'denied', reason: 'origin mismatch' };
  }
  return { kind: 'content-script', tabId: sender.tab.id, url, site: site.id };
}
