import { describe, expect, it, vi } from 'vitest';
import { createPageLookup, type PageLookupDeps } from './page-lookup';
import { createTabSessions } from './tabs';

function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    get: async (key: string) => ({ [key]: data[key] }),
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
  };
}

function setup(url: string | undefined, read: unknown | (() => never)) {
  const tabs = createTabSessions(memoryArea());
  const deps: PageLookupDeps = {
    tabUrl: vi.fn(async () => url),
    read: vi.fn(async () => (typeof read === 'function' ? (read as () => never)() : read)),
    showSidebar: vi.fn(async () => undefined),
    tabs,
    site: 'gleantap',
  };
  return { tabs, deps, lookup: createPageLookup(deps) };
}

const NOTES = 'https://app.acme-notes.com/notes/7';

describe('page lookup', () => {
  it('records the person the page read as the tab page, then shows the sidebar', async () => {
    const { tabs, deps, lookup } = setup(NOTES, { kind: 'email', value: 'ana@example.com', from: 'page' });
    expect(await lookup.lookUp(7)).toEqual({ status: 'shown', person: 'email' });
    const session = await tabs.get(7);
    expect(session?.page).toMatchObject({ site: 'gleantap', email: 'ana@example.com' });
    expect(session?.settled).toBe(true);
    expect(deps.showSidebar).toHaveBeenCalledWith(7);
  });

  it('a reading the page tampered with is nobody: the sidebar offers its search box', async () => {
    const { tabs, lookup } = setup(NOTES, {
      kind: 'email',
      value: 'ana@example.com',
      from: 'page',
      contactId: 'x',
    });
    expect(await lookup.lookUp(7)).toEqual({ status: 'shown', person: 'nobody' });
    const page = (await tabs.get(7))?.page;
    expect(page && Object.keys(page).sort()).toEqual(['hostRecordId', 'site']);
  });

  it('refuses pages that cannot be scripted and CRM pages, reading nothing', async () => {
    for (const [url, status] of [
      ['chrome://extensions/', 'page.unscriptable'],
      ['about:debugging', 'page.unscriptable'],
      ['https://chromewebstore.google.com/', 'page.unscriptable'],
      [undefined, 'page.unscriptable'],
      ['https://app.gleantap.com/contacts/1', 'page.crm'],
    ] as const) {
      const { tabs, deps, lookup } = setup(url, { kind: 'email', value: 'ana@example.com', from: 'page' });
      expect(await lookup.lookUp(3)).toEqual({ status });
      expect(deps.read).not.toHaveBeenCalled();
      expect(deps.showSidebar).not.toHaveBeenCalled();
      expect(await tabs.get(3)).toBeNull();
    }
  });

  it('a page it may not read (no grant): says so, and the tab reaches nothing', async () => {
    const { tabs, deps, lookup } = setup(NOTES, () => {
      throw new Error('Cannot access contents of the page');
    });
    expect(await lookup.lookUp(4)).toEqual({ status: 'page.denied' });
    expect(deps.showSidebar).not.toHaveBeenCalled();
    expect(await tabs.get(4)).toBeNull();
  });
});
