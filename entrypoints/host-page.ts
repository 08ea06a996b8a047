/**
 * Following the host page (contacts, companies, host events) and driving the sidebar, as a module the content
 * script imports only once a page can matter (see entrypoints/crm-content.ts).
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startHostPage } from '../lib/host-page/host-page';
import { exposeModule, HOST_PAGE_MODULE } from '../lib/host-page/modules';

export default defineUnlistedScript(() => {
  exposeModule(HOST_PAGE_MODULE, { startHostPage });
});
