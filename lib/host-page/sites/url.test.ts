import { describe, expect, it } from 'vitest';
import { siteForUrl } from './catalog.ts';
import { SITE_DEFINITIONS, type SiteDefinition, type SiteId } from './definitions.ts';
import { businessIdAt, contactIdAt, matchesPattern } from './url.ts';

const url = (href: string) => new URL(href);
const definition = (id: SiteId) => SITE_DEFINITIONS.find((site) => site.id === id) as SiteDefinition;
const GESTIOO = definition('gestioo');
const GLEANTAP = definition('gleantap');

describe('match patterns of the manifest form', () => {
  it.each([
    ['https://app.gleantap.com/contacts', 'https://app.gleantap.com/*', true],
    ['https://app.gleantap.com/', 'https://app.gleantap.com/*', true],
    ['http://app.gleantap.com/contacts', 'https://app.gleantap.com/*', false],
    ['https://www.gleantap.com/', 'https://app.gleantap.com/*', false],
    ['https://app.gleantap.com.evil.example/', 'https://app.gleantap.com/*', false],
    ['https://acme.gestioo.com/clientes/1', 'https://*.gestioo.com/*', true],
    ['https://gestioo.com/', 'https://*.gestioo.com/*', true],
    ['https://notgestioo.com/', 'https://*.gestioo.com/*', false],
    ['https://gestioo.com.evil.example/', 'https://*.gestioo.com/*', false],
    ['https://app.gleantap.com/', '<all_urls>', false],
    ['https://app.gleantap.com/', 'https://*/*', false],
  ])('%s under %s: %s', (href, pattern, expected) => {
    expect(matchesPattern(url(href), pattern)).toBe(expected);
  });

  it('finds the CRM of a page by its definitions alone', () => {
    expect(siteForUrl(url('https://app.gleantap.com/contacts'))?.id).toBe('gleantap');
    expect(siteForUrl(url('https://demo.gestioo.com/'))?.id).toBe('gestioo');
    expect(siteForUrl(url('https://example.com/'))).toBeNull();
  });
});

describe('what a URL says about the page', () => {
  it('names the contact of a contact page, and nothing on the pages around it', () => {
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/contacts/gt_1001/tasks'))).toBe('gt_1001');
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/contacts'))).toBeNull();
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/contacts/new'))).toBeNull();
    expect(contactIdAt(GESTIOO, url('https://app.gestioo.com/clientes/4512/editar'))).toBe('4512');
    expect(contactIdAt(GESTIOO, url('https://app.gestioo.com/clientes/nuevo'))).toBeNull();
  });

  it("follows the agent's own pattern, and the default when that pattern does not compile", () => {
    const mine = { contactUrlPattern: '^/people/(?<id>\\d+)' };
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/people/77'), mine)).toBe('77');
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/contacts/gt_1'), mine)).toBeNull();
    const broken = { contactUrlPattern: '^/people/(' };
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/contacts/gt_1'), broken)).toBe('gt_1');
  });

  it('names the company of a company page where the CRM has them', () => {
    expect(businessIdAt(GESTIOO, url('https://app.gestioo.com/empresas/3'))).toBe('3');
    expect(businessIdAt(GESTIOO, url('https://app.gestioo.com/empresas/nueva'))).toBeNull();
    expect(businessIdAt(GLEANTAP, url('https://app.gleantap.com/empresas/3'))).toBeNull();
  });
});
