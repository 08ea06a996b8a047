/**
 * The sidebar's UI, as a module the content script imports when a page first shows a contact (see
 * lib/sidebar/host-page.ts): host pages that never show one load none of it.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { exposeModule, SIDEBAR_UI_MODULE } from '../lib/sidebar/modules';
import { mountSidebar } from '../lib/sidebar/mount';

export default defineUnlistedScript(() => {
  exposeModule(SIDEBAR_UI_MODULE, { mountSidebar });
});
