import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createVault, rememberSecrets, type Vault } from './vault';

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

describe('the vault with what it read kept in memory', () => {
  /** A vault over a real one that counts reads. */
  function counted() {
    const inner = createVault();
    let reads = 0;
    const vault: Vault = {
      ...inner,
      get: (id) => {
        reads += 1;
        return inner.get(id);
      },
    };
    return { inner, vault, reads: () => reads };
  }

  it('reads and decrypts a secret once, then answers from memory', async () => {
    const { vault, reads } = counted();
    const remembered = rememberSecrets(vault);
    await remembered.put('m1', { kind: 'pit', token: 'first' });
    expect(await remembered.get('m1')).toEqual({ kind: 'pit', token: 'first' });
    expect(await remembered.get('m1')).toEqual({ kind: 'pit', token: 'first' });
    expect(reads()).toBe(1);
  });

  it('answers with what was written last, after a put, a delete or a clear', async () => {
    const remembered = rememberSecrets(createVault());
    await remembered.put('m2', { kind: 'pit', token: 'old' });
    expect(await remembered.get('m2')).toEqual({ kind: 'pit', token: 'old' });
    await remembered.put('m2', { kind: 'pit', token: 'new' });
    expect(await remembered.get('m2')).toEqual({ kind: 'pit', token: 'new' });
    await remembered.delete('m2');
    expect(await remembered.get('m2')).toBeNull();
    await remembered.put('m2', { kind: 'pit', token: 'again' });
    expect(await remembered.get('m2')).toEqual({ kind: 'pit', token: 'again' });
    await remembered.clear();
    expect(await remembered.get('m2')).toBeNull();
  });

  it('does not keep a read that was under way while the secret changed', async () => {
    const inner = createVault();
    await inner.put('m3', { kind: 'pit', token: 'old' });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((done) => {
      release = done;
    });
    // The first read finds the old secret but answers only after the write has finished.
    let first = true;
    const slow: Vault = {
      ...inner,
      get: async (id) => {
        const found = await inner.get(id);
        if (first) {
          first = false;
          await gate;
        }
        return found;
      },
    };
    const remembered = rememberSecrets(slow);
    const stale = remembered.get('m3');
    await remembered.put('m3', { kind: 'pit', token: 'new' });
    release();
    expect(await stale).toEqual({ kind: 'pit', token: 'old' });
    expect(await remembered.get('m3')).toEqual({ kind: 'pit', token: 'new' });
  });

  it('keeps nothing when a read fails', async () => {
    const inner = createVault();
    await inner.put('m4', { kind: 'pit', token: 'kept' });
    let fail = true;
    const flaky: Vault = {
      ...inner,
      get: (id) => (fail ? Promise.reject(new Error('IndexedDB closed')) : inner.get(id)),
    };
    const remembered = rememberSecrets(flaky);
    await expect(remembered.get('m4')).rejects.toThrow('IndexedDB closed');
    fail = false;
    expect(await remembered.get('m4')).toEqual({ kind: 'pit', token: 'kept' });
  });
});
