/**
 * A one-off lookup on a page of any web app (the toolbar button, the shortcut, the popup's "Look up on this
 * page"), run by the background on the agent's gesture with `activeTab`: it reads the page's person in the tab
 * (lib/any-app/read-page.ts, injected), checks what came back as a stranger's (lib/any-app/person.ts), records it
 * as the tab's page, so the sidebar's frame may reach only that person's contact and candidates (tabs.ts), and
 * then puts the sidebar's frame host on the page. Nothing the page says decides more than which person to look up.
 */
import { checkPerson, type LookupRefusal, pageContactOf, refusalFor } from '../../../lib/any-app/person';
import type { SiteId } from '../../../lib/host-page/sites/types';
import type { TabSessions } from './tabs';

export interface PageLookupDeps {
  /** The tab's URL as the browser reports it (undefined without activeTab or a host permission). */
  tabUrl(tabId: number): Promise<string | undefined>;
  /** Runs the page reading in the tab's top frame; its result, unchecked (it may throw: no access). */
  read(tabId: number): Promise<unknown>;
  /** Puts the sidebar's frame host on the page. */
  showSidebar(tabId: number): Promise<void>;
  tabs: Pick<TabSessions, 'showPage'>;
  /** Whose connection (location) an app's page reads. */
  site: SiteId;
}

export type LookupOutcome =
  | { status: 'shown'; person: 'email' | 'phone' | 'name' | 'nobody' }
  | { status: LookupRefusal | 'page.denied' };

export function createPageLookup(deps: PageLookupDeps) {
  return {
    async lookUp(tabId: number): Promise<LookupOutcome> {
      let url: string | undefined;
      try {
        url = await deps.tabUrl(tabId);
      } catch {
        return { status: 'page.denied' };
      }
      const refusal = refusalFor(url);
      if (refusal || !url) return { status: refusal ?? 'page.unscriptable' };
      let read: unknown;
      try {
        read = await deps.read(tabId);
      } catch {
        // No access to the page (the gesture's grant expired, a page the browser protects): nothing was read.
        return { status: 'page.denied' };
      }
      const person = checkPerson(read);
      const page = await pageContactOf(deps.site, url, person);
      // Settled: the page was read once, on the agent's word; there is nothing more to wait for.
      await deps.tabs.showPage(tabId, deps.site, page, true);
      await deps.showSidebar(tabId);
      return { status: 'shown', person: person?.kind ?? 'nobody' };
    },
  };
}
