import { describe, expect, it } from 'vitest';
import { siteForUrl } from './catalog.ts';
import { SITE_DEFINITIONS, type SiteDefinition, type SiteId } from './definitions.ts';
import {
  businessIdAt,
  contactIdAt,
  contactRouteAt,
  looksLikeRecordId,
  matchesPattern,
  matchRoutes,
  parseRoute,
  validOverride,
} from './url.ts';

const url = (href: string) => new URL(href);
const definition = (id: SiteId) => SITE_DEFINITIONS.find((site) => site.id === id) as SiteDefinition;
const GESTIOO = definition('gestioo');
const GLEANTAP = definition('gleantap');

describe('match patterns of the manifest form', () => {
  it.each([
    ['https://app.gleantap.com/contacts', 'https://app.gleantap.com/*', true],
    ['https://app.gleantap.com/', 'https://app.gleantap.com/*', true],
    ['https://app2.gleantap.com/workroom/w1/contacts/gt_1', 'https://*.gleantap.com/*', true],
    ['https://app2.gleantap.com.evil.example/', 'https://*.gleantap.com/*', false],
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
    expect(siteForUrl(url('https://app2.gleantap.com/workroom/w1/contacts'))?.id).toBe('gleantap');
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

describe('route templates', () => {
  it.each([
    ['/contacts/:id', true],
    ['/**/contacts/:id', true],
    ['#/**/clientes/{ver,ficha}/:id', true],
    ['/clientes/ficha?id=:id', true],
    ['/clientes?{id,cliente}=:id', true],
    ['/workroom/:w/contacts/:id', true],
    ['/contacts', false],
    ['/contacts/:id/notes/:id', false],
    ['/**/contacts/**/:id', false],
    ['contacts/:id', false],
    ['/clientes?id=:id&x=1', false],
    ['/a?b?id=:id', false],
  ])('%s parses: %s', (route, ok) => {
    expect(parseRoute(route) !== null).toBe(ok);
  });

  it('tells ids from the words routes put where ids go', () => {
    for (const id of [
      '4512',
      'gt_1001',
      '5f1d7c2e9a3b4c6d8e0f1a2b',
      'AnaGarciaCnt00000001',
      'kHbTqzPwLmNrXyVuQsJd',
    ])
      expect(looksLikeRecordId(id), id).toBe(true);
    for (const word of ['nuevo', 'new', 'import', 'ver', 'ficha', 'settings', 'segments', 'notifications'])
      expect(looksLikeRecordId(word), word).toBe(false);
  });

  it('compares segments in linear time, however long and odd the path', () => {
    const long = `https://x.example/${'a/'.repeat(5_000)}contacts/1`;
    const started = performance.now();
    expect(matchRoutes(url(long), ['/**/contacts/:id'])).toBeNull();
    const odd = `https://x.example/${'contacts/'.repeat(30)}x`;
    expect(matchRoutes(url(odd), ['/**/contacts/:id'])).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('the record of every common route shape, by default', () => {
  it.each([
    // Gleantap: history paths, with or without the workroom chosen after login, and hash routes.
    ['https://app.gleantap.com/contacts/gt_1001', 'gt_1001'],
    ['https://app2.gleantap.com/workroom/w7/contacts/gt_1001', 'gt_1001'],
    ['https://app2.gleantap.com/workroom/w7/contacts/gt_1001/tasks', 'gt_1001'],
    ['https://app2.gleantap.com/workroom/sunrise-downtown/contacts/gt_1001/edit', 'gt_1001'],
    ['https://app2.gleantap.com/#/contacts/gt_1002', 'gt_1002'],
    ['https://app2.gleantap.com/app/#!/workroom/w7/contacts/gt_1002', 'gt_1002'],
    ['https://app2.gleantap.com/contacts/view?id=gt_1003', 'gt_1003'],
    ['https://app2.gleantap.com/contacts/gt_1001?tab=notes', 'gt_1001'],
    ['https://app2.gleantap.com/contacts/gt_1001#notes', 'gt_1001'],
    // Not records: lists, forms, settings, the workroom chooser.
    ['https://app2.gleantap.com/', null],
    ['https://app2.gleantap.com/workrooms', null],
    ['https://app2.gleantap.com/workroom/w7', null],
    ['https://app2.gleantap.com/workroom/w7/contacts', null],
    ['https://app2.gleantap.com/workroom/w7/contacts/new', null],
    ['https://app2.gleantap.com/workroom/w7/contacts/import', null],
    ['https://app2.gleantap.com/contacts/segments', null],
    ['https://app2.gleantap.com/#/contacts', null],
    ['https://app2.gleantap.com/#/contacts/new', null],
    ['https://app2.gleantap.com/settings/contacts/fields', null],
    ['https://app2.gleantap.com/contacts/view', null],
    ['https://app2.gleantap.com/contacts/view?id=', null],
  ])('Gleantap %s → %s', (href, id) => {
    expect(contactIdAt(GLEANTAP, url(href))).toBe(id);
  });

  it.each([
    ['https://app.gestioo.com/clientes/4512', '4512'],
    ['https://app.gestioo.com/clientes/4512/editar', '4512'],
    ['https://acme.gestioo.com/app/clientes/ver/4512', '4512'],
    ['https://acme.gestioo.com/app/clientes/editar/4512', '4512'],
    ['https://acme.gestioo.com/clientes/ficha?id=4512', '4512'],
    ['https://acme.gestioo.com/app/clientes/ficha/?id=4512&pestana=datos', '4512'],
    ['https://demo.gestioo.com/#/clientes/4512', '4512'],
    ['https://demo.gestioo.com/#/clientes/4512/editar', '4512'],
    ['https://demo.gestioo.com/index.html#/app/clientes/ver/4512', '4512'],
    ['https://demo.gestioo.com/#/clientes/ficha?id=4512', '4512'],
    ['https://app.gestioo.com/clientes/%34%35%31%32', '4512'],
    // Not records: lists (with a search), forms, settings, companies, ids that are no ids.
    ['https://app.gestioo.com/clientes', null],
    ['https://app.gestioo.com/clientes?buscar=ana', null],
    ['https://app.gestioo.com/clientes/nuevo', null],
    ['https://app.gestioo.com/clientes/importar', null],
    ['https://acme.gestioo.com/app/clientes/ver', null],
    ['https://acme.gestioo.com/clientes/ficha', null],
    ['https://acme.gestioo.com/clientes/ficha?id=nuevo', null],
    ['https://demo.gestioo.com/#/clientes', null],
    ['https://demo.gestioo.com/#/clientes/nuevo', null],
    ['https://demo.gestioo.com/#/configuracion', null],
    ['https://app.gestioo.com/configuracion/clientes', null],
    ['https://app.gestioo.com/empresas/301', null],
    ['https://app.gestioo.com/clientes/4512%3Cscript%3E', null],
    ['https://app.gestioo.com/clientes/ficha?id=%3Cimg%20src%3Dx%3E1', null],
  ])('Gestioo %s → %s', (href, id) => {
    expect(contactIdAt(GESTIOO, url(href))).toBe(id);
  });

  it('takes a record open in a dialog over the list while the dialog is open, and none once it is closed', () => {
    expect(contactRouteAt(GESTIOO, url('https://app.gestioo.com/clientes?cliente=4512'))).toEqual({
      id: '4512',
      inDialog: true,
    });
    expect(contactRouteAt(GESTIOO, url('https://app.gestioo.com/clientes?buscar=ana&cliente=4513'))).toEqual({
      id: '4513',
      inDialog: true,
    });
    expect(contactRouteAt(GESTIOO, url('https://demo.gestioo.com/#/clientes?cliente=4512'))).toEqual({
      id: '4512',
      inDialog: true,
    });
    expect(contactRouteAt(GESTIOO, url('https://app.gestioo.com/clientes/4512'))).toEqual({
      id: '4512',
      inDialog: false,
    });
    expect(contactRouteAt(GESTIOO, url('https://app.gestioo.com/clientes'))).toBeNull();
    expect(contactRouteAt(GESTIOO, url('https://app.gestioo.com/clientes?cliente='))).toBeNull();
    expect(contactRouteAt(GESTIOO, url('https://app.gestioo.com/clientes?cliente=nuevo'))).toBeNull();
  });

  it('names the company of a company page, under a prefix or a hash route too', () => {
    expect(businessIdAt(GESTIOO, url('https://app.gestioo.com/app/empresas/301/editar'))).toBe('301');
    expect(businessIdAt(GESTIOO, url('https://demo.gestioo.com/#/empresas/301'))).toBe('301');
    expect(businessIdAt(GESTIOO, url('https://demo.gestioo.com/#/empresas/nueva'))).toBeNull();
  });

  it("takes an agent's routes instead of the built-in ones, and still an agent's regular expression", () => {
    const routes = { contactUrlPattern: '/people/:id  #/p/:id' };
    expect(validOverride(routes.contactUrlPattern)).toBe(true);
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/people/ana'), routes)).toBe('ana');
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/#/p/77'), routes)).toBe('77');
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/contacts/gt_1'), routes)).toBeNull();
    const regex = { contactUrlPattern: '^/legacy/(?<id>\\d+)$' };
    expect(contactIdAt(GLEANTAP, url('https://app.gleantap.com/legacy/5?x=1'), regex)).toBe('5');
    expect(validOverride('/people/:id/(')).toBe(true);
    expect(validOverride('/people/:id/:id')).toBe(false);
    expect(validOverride('^/people/(')).toBe(false);
  });
});
