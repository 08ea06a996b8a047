/**
 * Whether the browser grants the extension's host permissions (HOST_PERMISSIONS, lib/hosts.ts, the manifest's
 * list). Firefox (MV3) lets the user withhold them and may install without them; Chrome's site access too. Asked
 * once at start, kept current with `permissions.onAdded` / `onRemoved`, and read before every HighLevel request
 * (the client's `permitted`), so that a request without the grant fails at once with `permission.missing`.
 */
import { HIGHLEVEL_API_MATCH, HOST_PERMISSIONS } from '../../../lib/hosts';
import type { HostAccessView } from '../protocol';

/** The part of `browser.permissions` it needs. */
export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  onAdded: { addListener(listener: () => void): void };
  onRemoved: { addListener(listener: () => void): void };
}

export interface HostAccess {
  /** The last answer (or the one being read, right after a change). */
  view(): Promise<HostAccessView>;
}

/** Listeners are added at once: call it while the background starts, before the first await. */
export function createHostAccess(
  api: PermissionsApi,
  onChange: (view: HostAccessView) => void = () => undefined,
): HostAccess {
  const read = async (): Promise<HostAccessView> => {
    try {
      const [granted, highLevel] = await Promise.all([
        api.contains({ origins: [...HOST_PERMISSIONS] }),
        api.contains({ origins: [HIGHLEVEL_API_MATCH] }),
      ]);
      return { granted, highLevel };
    } catch {
      // A browser that cannot tell blocks nothing: the request itself then says what went wrong.
      return { granted: true, highLevel: true };
    }
  };
  let current = read();
  const changed = () => {
    const next = read();
    current = next;
    void next.then(onChange);
  };
  api.onAdded.addListener(changed);
  api.onRemoved.addListener(changed);
  return { view: () => current };
}
