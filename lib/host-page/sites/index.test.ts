import { describe, expect, it } from 'vitest';
import { CRM_MATCHES } from '../../hosts.ts';
import { adapterForUrl, SITE_ADAPTERS } from './index.ts';
import { parseRoute } from './url.ts';

describe('choosing the site adapter', () => {
  it.each([
    ['https://app.gleantap.com/contacts/gt_1001', 'gleantap'],
    ['https://app.gestioo.com/clientes/4512', 'gestioo'],
    ['https://demo.gestioo.com/', 'gestioo'],
    ['https://acme.gestioo.com/empresas/3', 'gestioo'],
    ['https://app2.gleantap.com/workroom/w1/contacts/gt_1001', 'gleantap'],
    ['https://gleantap.com/contacts/1', 'gleantap'],
  ])('%s → %s', (url, id) => {
    expect(adapterForUrl(new URL(url))?.id).toBe(id);
  });

  it.each([
    'http://app.gleantap.com/contacts/gt_1001',
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

  it('gives every adapter a distinct id, a label and built-in contact routes that all parse', () => {
    expect(new Set(SITE_ADAPTERS.map((adapter) => adapter.id)).size).toBe(SITE_ADAPTERS.length);
    for (const adapter of SITE_ADAPTERS) {
      expect(adapter.label).not.toBe('');
      expect(adapter.contactRoutes.length).toBeGreaterThan(0);
      for (const route of adapter.contactRoutes) expect(parseRoute(route), route).not.toBeNull();
    }
  });
});
