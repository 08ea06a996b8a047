/**
 * The sidebar's UI, as a module the content script imports when a page first shows a contact (see
 * entrypoints/content/index.ts): host pages that never show one load none of it.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountSidebar, SIDEBAR_UI_GLOBAL } from '../lib/sidebar/mount';

export default defineUnlistedScript(() => {
  Object.assign(globalThis, { [SIDEBAR_UI_GLOBAL]: { mountSidebar } });
});
