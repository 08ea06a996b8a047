import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createVault } from './vault';

describe('the credential vault', () => {
  it('returns what was put, and nothing after delete', async () => {
    const vault = createVault();
    await vault.put('loc1', { kind: 'pit', token: 'pit-secret-value' });
    expect(await vault.get('loc1')).toEqual({ kind: 'pit', token: 'pit-secret-value' });
    await vault.delete('loc1');
    expect(await vault.get('loc1')).toBeNull();
  });

  it('stores ciphertext, never the token in clear', async () => {
    const vault = createVault();
    await vault.put('loc2', {
      kind: 'oauth',
      refreshToken: 'rt-PLAINTEXT',
      accessToken: 'at-PLAINTEXT',
      accessExpiresAt: 1,
    });
    const raw = await new Promise<unknown>((resolve, reject) => {
      const open = indexedDB.open('hl-sidebar-vault');
      open.onsuccess = () => {
        const request = open.result.transaction('secrets').objectStore('secrets').get('loc2');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      };
    });
    const sealed = raw as { data: ArrayBuffer };
    expect(new TextDecoder().decode(sealed.data)).not.toContain('PLAINTEXT');
  });

  it('shares one sealing key between two vault instances (two contexts)', async () => {
    const a = createVault();
    const b = createVault();
    await Promise.all([a.put('x', { kind: 'pit', token: 'one' }), b.put('y', { kind: 'pit', token: 'two' })]);
    expect(await b.get('x')).toEqual({ kind: 'pit', token: 'one' });
    expect(await a.get('y')).toEqual({ kind: 'pit', token: 'two' });
    expect((await a.ids()).sort()).toEqual(expect.arrayContaining(['x', 'y']));
  });
});
