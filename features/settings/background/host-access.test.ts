import { describe, expect, it, vi } from 'vitest';
import { HIGHLEVEL_API_MATCH, HOST_PERMISSIONS } from '../../../lib/hosts';
import { createHostAccess, type PermissionsApi } from './host-access';

/** The browser's permissions, as Firefox keeps them: a set of granted origins, and its two events. */
function fakePermissions(granted: string[]) {
  const origins = new Set(granted);
  const added: (() => void)[] = [];
  const removed: (() => void)[] = [];
  const api: PermissionsApi = {
    contains: vi.fn(async ({ origins: asked }: { origins: string[] }) => asked.every((o) => origins.has(o))),
    onAdded: { addListener: (listener) => void added.push(listener) },
    onRemoved: { addListener: (listener) => void removed.push(listener) },
  };
  return {
    api,
    grant(...list: string[]) {
      for (const origin of list) origins.add(origin);
      for (const listener of added) listener();
    },
    revoke(...list: string[]) {
      for (const origin of list) origins.delete(origin);
      for (const listener of removed) listener();
    },
  };
}

describe('the host permissions in the background', () => {
  it('knows at start whether the manifest’s hosts are granted, HighLevel’s on its own', async () => {
    expect(HOST_PERMISSIONS).toContain(HIGHLEVEL_API_MATCH);
    expect(HOST_PERMISSIONS).toContain('https://*.gleantap.com/*');
    await expect(createHostAccess(fakePermissions([...HOST_PERMISSIONS]).api).view()).resolves.toEqual({
      granted: true,
      highLevel: true,
    });
    await expect(createHostAccess(fakePermissions([]).api).view()).resolves.toEqual({
      granted: false,
      highLevel: false,
    });
    const crmsOnly = HOST_PERMISSIONS.filter((origin) => origin !== HIGHLEVEL_API_MATCH);
    await expect(createHostAccess(fakePermissions(crmsOnly).api).view()).resolves.toEqual({
      granted: false,
      highLevel: false,
    });
  });

  it('keeps its answer, and follows the grant and the revocation as they happen, telling who listens', async () => {
    const browser = fakePermissions([]);
    const heard = vi.fn();
    const access = createHostAccess(browser.api, heard);
    await access.view();
    await access.view();
    expect(browser.api.contains).toHaveBeenCalledTimes(2);
    browser.grant(...HOST_PERMISSIONS);
    await expect(access.view()).resolves.toEqual({ granted: true, highLevel: true });
    await vi.waitFor(() => expect(heard).toHaveBeenLastCalledWith({ granted: true, highLevel: true }));
    browser.revoke(HIGHLEVEL_API_MATCH);
    await expect(access.view()).resolves.toEqual({ granted: false, highLevel: false });
    browser.grant(HIGHLEVEL_API_MATCH);
    browser.revoke('https://*.gleantap.com/*');
    await expect(access.view()).resolves.toEqual({ granted: false, highLevel: true });
    expect(heard).toHaveBeenCalledTimes(4);
  });

  it('blocks nothing when the browser cannot tell', async () => {
    const browser = fakePermissions([]);
    browser.api.contains = async () => {
      throw new Error('unsupported');
    };
    await expect(createHostAccess(browser.api).view()).resolves.toEqual({ granted: true, highLevel: true });
  });
});
