import { describe, expect, it } from 'vitest';
import { compileUrlPattern, hostMatches, isRecipeHost, matchUrlPattern, recordIdAt } from './pattern.ts';

function match(template: string, url: string) {
  const compiled = compileUrlPattern(template);
  if (!compiled.ok) throw new Error(`refused: ${compiled.problem}`);
  return matchUrlPattern(compiled.pattern, new URL(url));
}

describe('URL templates', () => {
  it('match path templates segment by segment, with every placeholder’s value', () => {
    expect(match('/workroom/:w/contacts/:id', 'https://x.com/workroom/w-12/contacts/gt_1001')).toEqual({
      w: 'w-12',
      id: 'gt_1001',
    });
    expect(match('/workroom/:w/contacts/:id', 'https://x.com/workroom/w-12/contacts/gt_1001/')).toEqual({
      w: 'w-12',
      id: 'gt_1001',
    });
    expect(match('/contacts/:id', 'https://x.com/contacts/a%20b')).toEqual({ id: 'a b' });
  });

  it('match exactly unless the template ends in /*', () => {
    expect(match('/contacts/:id', 'https://x.com/contacts/7/tasks')).toBeNull();
    expect(match('/contacts/:id', 'https://x.com/contacts')).toBeNull();
    expect(match('/contacts/:id', 'https://x.com/contacts/')).toBeNull();
    expect(match('/contacts/:id', 'https://x.com/other/7')).toBeNull();
    expect(match('/contacts/:id/*', 'https://x.com/contacts/7/tasks/3')).toEqual({ id: '7' });
    expect(match('/contacts/:id/*', 'https://x.com/contacts/7')).toEqual({ id: '7' });
  });

  it('match hash routes, with or without a bang, and ignore the hash when the template has none', () => {
    expect(match('/#/clientes/:id', 'https://x.com/#/clientes/55')).toEqual({ id: '55' });
    expect(match('/#/clientes/:id', 'https://x.com/#/clientes/55?tab=2')).toEqual({ id: '55' });
    expect(match('/#/clientes/:id', 'https://x.com/#/facturas/55')).toBeNull();
    expect(match('/#/clientes/:id', 'https://x.com/clientes/55')).toBeNull();
    expect(match('/app#!/ficha?cliente=:id', 'https://x.com/app#!/ficha?cliente=9')).toEqual({ id: '9' });
    expect(match('/app#!/ficha?cliente=:id', 'https://x.com/app#/ficha?cliente=9')).toBeNull();
    expect(match('/contacts/:id', 'https://x.com/contacts/7#notes')).toEqual({ id: '7' });
  });

  it('match query templates whatever the order and the other keys; a listed key must be there', () => {
    expect(match('/clientes/ficha?id=:id', 'https://x.com/clientes/ficha?tab=1&id=88')).toEqual({ id: '88' });
    expect(match('/clientes?cliente=:id', 'https://x.com/clientes?cliente=C-9')).toEqual({ id: 'C-9' });
    expect(match('/clientes?cliente=:id', 'https://x.com/clientes')).toBeNull();
    expect(match('/clientes?cliente=:id', 'https://x.com/clientes?cliente=')).toBeNull();
    expect(match('/index.php?m=clientes&id=:id', 'https://x.com/index.php?id=3&m=clientes')).toEqual({
      id: '3',
    });
    expect(match('/index.php?m=clientes&id=:id', 'https://x.com/index.php?id=3&m=facturas')).toBeNull();
    expect(match('/index.php?m=&id=:id', 'https://x.com/index.php?id=3')).toBeNull();
  });

  it('refuse anything that reads like a regular expression', () => {
    for (const source of [
      '^/contacts/(?<id>[^/]+)$',
      '/contacts/(\\d+)',
      '/(a+)+$',
      '/contacts/:id|/clients/:id',
      '/contacts/.*/:id',
      '/contacts/*/:id',
      '/contacts/[0-9]+',
      '/contacts/:id{2}',
      '/contacts/:id?x=a*',
      '/a?b?c=:id',
    ])
      expect(compileUrlPattern(source), source).toEqual({ ok: false, problem: 'regex' });
  });

  it('refuse bad syntax, a missing or repeated :id, and long templates', () => {
    expect(compileUrlPattern('contacts/:id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/contacts//:id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/contacts/a:id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/contacts/:id/:id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/contacts/ :id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/a#/b#/c/:id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/c?id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/c/%zz/:id')).toEqual({ ok: false, problem: 'syntax' });
    expect(compileUrlPattern('/contacts/:cid')).toEqual({ ok: false, problem: 'id' });
    expect(compileUrlPattern(`/${'a/'.repeat(30)}:id`)).toEqual({ ok: false, problem: 'long' });
    expect(compileUrlPattern(`/${'a'.repeat(300)}/:id`)).toEqual({ ok: false, problem: 'long' });
  });

  it('stay linear on hostile URLs', () => {
    const compiled = compileUrlPattern('/a/:x/b/:id');
    if (!compiled.ok) throw new Error('refused');
    const url = new URL(`https://x.com/${'a/'.repeat(20_000)}`);
    const started = performance.now();
    expect(matchUrlPattern(compiled.pattern, url)).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('hosts', () => {
  it('accept exact hosts and *.domain, nothing wider', () => {
    for (const host of ['app2.gleantap.com', '*.gestioo.com', 'crm.example.co.uk', 'xn--bcher-kva.example'])
      expect(isRecipeHost(host), host).toBe(true);
    for (const host of [
      '*',
      '*.com',
      'com',
      'localhost',
      '10.0.0.1',
      'App.example.com',
      'a..b.com',
      '-a.b.com',
      'a.b.com/',
      'a.*.com',
      'https://a.com',
    ])
      expect(isRecipeHost(host), host).toBe(false);
  });

  it('match the host, or the domain and its subdomains for *.domain', () => {
    expect(hostMatches('app2.gleantap.com', 'app2.gleantap.com')).toBe(true);
    expect(hostMatches('app2.gleantap.com', 'app.gleantap.com')).toBe(false);
    expect(hostMatches('*.gestioo.com', 'acme.gestioo.com')).toBe(true);
    expect(hostMatches('*.gestioo.com', 'gestioo.com')).toBe(true);
    expect(hostMatches('*.gestioo.com', 'evilgestioo.com')).toBe(false);
    expect(hostMatches('*.gestioo.com', 'gestioo.com.evil.net')).toBe(false);
  });

  it('give a record id only on the recipe’s https pages, and only one the messages accept', () => {
    const recipe = { host: '*.gestioo.com', urlPattern: '/clientes/:id' };
    expect(recordIdAt(recipe, new URL('https://acme.gestioo.com/clientes/12'))).toBe('12');
    expect(recordIdAt(recipe, new URL('http://acme.gestioo.com/clientes/12'))).toBeNull();
    expect(recordIdAt(recipe, new URL('https://acme.other.com/clientes/12'))).toBeNull();
    expect(recordIdAt(recipe, new URL('https://acme.gestioo.com/clientes/a%3Cb'))).toBeNull();
    expect(recordIdAt({ ...recipe, urlPattern: '(.*)' }, new URL('https://acme.gestioo.com/x'))).toBeNull();
  });
});
