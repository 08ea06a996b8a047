/**
 * The scripts the content script imports when a page first needs them (web-accessible, see wxt.config.ts),
 * and how each hands itself over: it sets a global of the content script's isolated world when evaluated.
 * Host pages that never show a contact, a company or a form submit load neither.
 */
import { browser } from 'wxt/browser';

export interface LazyModule {
  /** Path of the built script inside the extension. */
  path: string;
  /** The isolated world's global the script sets to its exports. */
  global: string;
}

/** Following the page: contact and company pages, host events, messages, and mounting the sidebar. */
export const HOST_PAGE_MODULE: LazyModule = { path: '/host-page.js', global: '__hlHostPage' };

/** Makes a module's exports reachable by the content script that imports it. */
export function exposeModule(module: LazyModule, exports: object): void {
  Object.assign(globalThis, { [module.global]: exports });
}

/** Imports `module` (once per page: the browser keeps imported modules) and returns its exports. */
export async function importModule<T>(module: LazyModule): Promise<T> {
  await import(/* @vite-ignore */ browser.runtime.getURL(module.path as '/host-page.js'));
  const exports = (globalThis as Record<string, unknown>)[module.global];
  if (!exports) throw new Error(`The extension's ${module.path} did not load.`);
  return exports as T;
}
