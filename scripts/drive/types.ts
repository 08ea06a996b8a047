/**
 * One scenario, two drivers: the steps an end-to-end scenario (or `npm start`'s tour) takes, written once against
 * this interface, and run by Playwright in Chromium (`chromium.ts`) and by puppeteer-core over WebDriver BiDi in
 * Firefox (`firefox.ts`). Only what both drivers do the same way is here; a suite that needs one browser's own
 * tools (the DevTools protocol, a content script's world) keeps that test in its own folder.
 */
import type { SANDBOX_PITS } from '../../sandbox/fixtures.ts';
import type { Sandbox, SandboxOptions } from '../../sandbox/server.ts';

export type BrowserName = 'chromium' | 'firefox';

/** A CSS selector, or a CSS selector narrowed to the elements whose text contains `text`. */
export type Target = string | { css: string; text: string };

export interface WaitOptions {
  timeout?: number;
  /** `visible` (default), or `hidden`: gone or not shown. */
  state?: 'visible' | 'hidden';
}

/** A document (a page, or the sidebar's frame) that a scenario looks at and acts on, as a user would. */
export interface Surface {
  waitFor(target: Target, options?: WaitOptions): Promise<void>;
  /** A real (trusted) click on the first visible match, waiting for it. */
  click(target: Target, options?: { timeout?: number }): Promise<void>;
  /** Replaces the value of the first visible match by typing `value` into it. */
  fill(target: Target, value: string): Promise<void>;
  /** The text content of the first match, once there is one. */
  text(target: Target, options?: { timeout?: number }): Promise<string>;
  /** How many elements match now (no waiting). */
  count(target: Target): Promise<number>;
  /** Runs `fn` in this document's own world (for a page: the host page's main world). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
}

export interface DriverPage extends Surface {
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): string;
  /** A real key press on the focused element. */
  press(key: string): Promise<void>;
  /** The sidebar: the extension's page in its frame on this page, scoped to the sidebar's root element. */
  readonly sidebar: Surface;
  /** The address this page's content script loads the sidebar's frame from (in Chromium, a per-session one). */
  sidebarAddress(): Promise<string>;
  /** A frame of this page whose window is named `name`, once it shows a document from `urlPart`. */
  frameNamed(name: string, urlPart: string, options?: { timeout?: number }): Promise<Surface>;
  screenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions extends SandboxOptions {
  /** Connect through the options page with this sandbox PIT first (default `mainReadWrite`; null: stay unconnected). */
  connect?: keyof typeof SANDBOX_PITS | null;
  headless?: boolean;
  /** What pages see as `prefers-color-scheme` (default: light). Set at launch: Firefox cannot change it later. */
  colorScheme?: 'light' | 'dark';
  /** Firefox only: extra preferences. */
  firefoxPrefs?: Record<string, unknown>;
}

export interface DriverWorld {
  readonly browser: BrowserName;
  readonly sandbox: Sandbox;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`: the extension's origin, no trailing slash. */
  readonly extensionOrigin: string;
  /** `identity.getRedirectURL('oauth')` in this browser: what an OAuth app registers for this extension. */
  readonly redirectUri: string;
  newPage(): Promise<DriverPage>;
  /** Opens one of the extension's own pages (`options.html`, `popup.html`…) in a new tab. */
  openExtensionPage(path: string): Promise<DriverPage>;
  /** The next page (tab or popup window) that opens with a URL `match` accepts. */
  waitForPage(match: (url: string) => boolean, options?: { timeout?: number }): Promise<DriverPage>;
  close(): Promise<void>;
  /** Resolves when the user closes the browser (a headed run of `npm start`). */
  closedByUser(): Promise<void>;
}
