import { describe, expect, it } from 'vitest';
import { CRM_MATCHES } from '../../hosts.ts';
import { adapterForUrl, SITE_ADAPTERS } from './index.ts';

describe('choosing the site adapter', () => {
  it.each([
    ['https://app.gleantap.com/contacts/gt_1001', 'gleantap'],
    ['https://app.gestioo.com/clientes/4512', 'gestioo'],
    ['https://demo.gestioo.com/', 'gestioo'],
    ['https://acme.gestioo.com/empresas/3', 'gestioo'],
  ])('%s → %s', (url, id) => {
    expect(adapterForUrl(new URL(url))?.id).toBe(id);
  });

  it.each([
    'http://app.gleantap.com/contacts/gt_1001',
    'https://gleantap.com/contacts/1',
    'https://www.gleantap.com/',
    'https://app.gleantap.com.evil.example/contacts/1',
    'https://gestioo.com.evil.example/clientes/1',
    'https://notgestioo.com/clientes/1',
    'https://services.leadconnectorhq.com/contacts/',
  ])('has none for %s', (url) => {
    expect(adapterForUrl(new URL(url))).toBeNull();
  });

  it('covers exactly the hosts the content script runs on', () => {
    expect(SITE_ADAPTERS.flatMap((adapter) => adapter.matches).sort()).toEqual([...CRM_MATCHES].sort());
  });

  it('gives every adapter a distinct id, a label and a default contact URL pattern that compiles', () => {
    expect(new Set(SITE_ADAPTERS.map((adapter) => adapter.id)).size).toBe(SITE_ADAPTERS.length);
    for (const adapter of SITE_ADAPTERS) {
      expect(adapter.label).not.toBe('');
      expect(() => new RegExp(adapter.defaultContactUrlPattern)).not.toThrow();
    }
  });
});
