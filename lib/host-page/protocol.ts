/**
 * What the content script says to the background, and the one thing the background says to it (sent with
 * messenger.ts). The sidebar's routes answer 'page.show' and 'frame.key'; the automations' routes answer
 * 'host.event'.
 */
import type { Reply } from '../messaging/reply';
import type { HostEvent, PageContact, SiteId } from './sites/types';

/** What the page reports: a host event, or that it shows a contact (what automation rules react to). */
export type PageEvent = HostEvent | { type: 'contact.opened'; contact: PageContact };

export interface HostPageProtocol {
  /**
   * The person its page shows now (null: none). Its site is its URL's. Nothing of HighLevel's comes back: the
   * sidebar's frame asks for that itself.
   */
  'page.show'(payload: { page: PageContact | null; settled: boolean }): Reply<null>;
  /** A one-time key for the sidebar frame it is about to show, handed to it privately. */
  'frame.key'(payload: undefined): Reply<{ key: string }>;
  /** Something happened on the host page. Answers once the automations' runs are done. */
  'host.event'(payload: { site: SiteId; event: PageEvent }): Reply<{ runs: number }>;
  /** Background → content script: the keyboard shortcut was pressed in this tab. */
  'sidebar.toggle'(payload: undefined): Reply<null>;
}
