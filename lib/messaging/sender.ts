/**
 * The one place that reads `sender.*`. Decides who a message came from and denies by default:
 * - our extension pages (options, popup), in a tab or not;
 * - our content script, in the top frame of a supported CRM page;
 * - everything else (other extensions, sub-frames, other origins, pages) is denied.
 */
import { isCrmUrl } from '../hosts';

export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

export type TrustedSender =
  | { kind: 'extension-page'; url: string }
  | { kind: 'content-script'; tabId: number; url: string };

export type SenderVerdict = TrustedSender | { kind: 'denied'; reason: string };

export interface ExtensionIdentity {
  id: string;
  /** e.g. `chrome-extension://<id>/` — what `runtime.getURL('/')` returns. */
  baseUrl: string;
}

export function classifySender(sender: SenderInfo | undefined, self: ExtensionIdentity): SenderVerdict {
  if (!sender) return { kind: 'denied', reason: 'no sender' };
  if (sender.id !== self.id) return { kind: 'denied', reason: 'another extension' };
  const url = sender.url;
  if (!url) return { kind: 'denied', reason: 'no sender url' };
  // URL.origin is 'null' for non-special schemes such as chrome-extension:, so derive it from the base URL.
  const selfOrigin = self.baseUrl.replace(/\/$/, '');

  if (url.startsWith(self.baseUrl)) {
    // An extension page lives at our origin, in any frame; Chrome also reports the origin.
    if (sender.origin !== undefined && sender.origin !== selfOrigin)
      return { kind: 'denied', reason: 'origin mismatch' };
    return { kind: 'extension-page', url };
  }

  if (!sender.tab || typeof sender.tab.id !== 'number') return { kind: 'denied', reason: 'not in a tab' };
  if (sender.frameId !== 0) return { kind: 'denied', reason: 'sub-frame' };
  if (!isCrmUrl(url)) return { kind: 'denied', reason: 'unsupported origin' };
  if (sender.origin !== undefined && sender.origin !== new URL(url).origin) {
    return { kind: 'denied', reason: 'origin mismatch' };
  }
  return { kind: 'content-script', tabId: sender.tab.id, url };
}
