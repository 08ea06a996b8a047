/**
 * What the content script and the sidebar's frame say to each other, and what the background pushes to the frame.
 *
 * The content script hands the frame a one-time key (from the background) and one end of a MessageChannel, in
 * one postMessage aimed at the extension's origin. The frame shows the key to the background and, once the
 * background accepts it, trusts that port and nothing else: a host page can post to the frame too (it is a
 * child of its window) but cannot know the key. Over the port go only the page's own facts (which person it
 * shows, that it was edited) and the layout's commands, never HighLevel's data: that reaches the frame from the
 * background alone.
 */
import type { PageContact } from './sites/types';

/** The one message the content script posts to the frame's window, with the port as its transfer. */
export interface FrameHandshake {
  type: 'hls.frame.key';
  key: string;
}

/** Content script → frame. */
export type ToFrame =
  | { type: 'page'; page: PageContact; settled: boolean }
  | { type: 'leave' }
  /** The page's contact was edited on the page: read it again. */
  | { type: 'refresh' }
  /** The sidebar was opened (`focus`: by the agent's shortcut or launcher, so focus goes in). */
  | { type: 'shown'; focus: boolean };

/** Frame → content script. */
export type FromFrame =
  /** Attached and rendered: the frame can show what it is sent. */
  | { type: 'ready' }
  /** Fold the sidebar to its launcher tab. */
  | { type: 'close' }
  /** Esc: focus back to the page. */
  | { type: 'escape' }
  | { type: 'options' };

/** The name of the port the frame opens to the background for pushes (FramePush: features/sidebar/protocol.ts). */
export const FRAME_PORT = 'sidebar-frame';

export function isHandshake(data: unknown): data is FrameHandshake {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as FrameHandshake).type === 'hls.frame.key' &&
    typeof (data as FrameHandshake).key === 'string'
  );
}
