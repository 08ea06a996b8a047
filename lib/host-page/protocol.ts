/**
 * What the content script says to the background, and the one thing the background says to it (sent with
 * messenger.ts). Payload types are inferred from their schemas (payloads.ts, imported for types only). The
 * sidebar's routes answer 'page.show' and 'frame.key'; the automations' routes answer 'host.event'; the recipes'
 * routes answer 'recipes.forPage'.
 */
import type * as v from 'valibot';
import type { Messages } from '../messaging/messages';
import type { Reply } from '../messaging/reply';
import type { Recipe } from '../recipes/types';
import type { HOST_PAGE_PAYLOADS, pageEventSchema } from './payloads';

/** What the page reports: a host event, or that it shows a contact (what automation rules react to). */
export type PageEvent = v.InferOutput<typeof pageEventSchema>;

/** What each message answers; its payload is its schema's output (payloads.ts). */
interface HostPageResults {
  /**
   * The person its page shows now (null: none). Its site is its URL's. Nothing of HighLevel's comes back: the
   * sidebar's frame asks for that itself.
   */
  'page.show': null;
  /** A one-time key for the sidebar frame it is about to show, handed to it privately. */
  'frame.key': { key: string };
  /** Something happened on the host page. Answers once the automations' runs are done. */
  'host.event': { runs: number };
  /** The agent's recipes for its own page's host (the sender's, never a host it names): features/recipes. */
  'recipes.forPage': { recipes: Recipe[] };
}

export type HostPageProtocol = Messages<typeof HOST_PAGE_PAYLOADS, HostPageResults> & {
  /** Background → content script: the keyboard shortcut was pressed in this tab. */
  'sidebar.toggle'(payload: undefined): Reply<null>;
};
