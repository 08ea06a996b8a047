import { describe, expect, it } from 'vitest';
import { generaliseUrl, isIdLike } from './generalise.ts';
import { recordIdAt } from './pattern.ts';

const pattern = (url: string) => generaliseUrl(url)?.urlPattern ?? null;

describe('generaliseUrl', () => {
  it('replaces ids in the path, the last one by :id', () => {
    expect(generaliseUrl('https://app2.gleantap.com/workroom/w-12/contacts/gt_1001')).toEqual({
      host: 'app2.gleantap.com',
      urlPattern: '/workroom/:w/contacts/:id',
      values: { w: 'w-12', id: 'gt_1001' },
    });
    expect(pattern('https://x.com/contacts/12345')).toBe('/contacts/:id');
    expect(pattern('https://x.com/contacts/12345/')).toBe('/contacts/:id');
    expect(pattern('https://x.com/clientes/ver/8f14e45f-ceea-467f-a0e6-7c3a1d2b9e10')).toBe(
      '/clientes/ver/:id',
    );
    expect(pattern('https://x.com/members/64f1a2b3c4d5e6f7a8b9c0d1/overview')).toBe('/members/:id/overview');
    expect(pattern('https://x.com/o/7/p/8/contacts/9')).toBe('/o/:o/p/:p/contacts/:id');
    expect(pattern('https://x.com/a/1/a/2/c/3')).toBe('/a/:a/a/:a2/c/:id');
  });

  it('reads hash routes', () => {
    expect(pattern('https://crm.example.com/#/clientes/55')).toBe('/#/clientes/:id');
    expect(pattern('https://crm.example.com/app/#!/clientes/55?tab=datos')).toBe('/app#!/clientes/:id');
    expect(pattern('https://crm.example.com/app/#/clientes?cliente=ana-garcia')).toBe(
      '/app#/clientes?cliente=:id',
    );
  });

  it('reads ids in the query: known id keys whatever their value, other keys when the value is an id', () => {
    expect(pattern('https://x.com/clientes/ficha?id=88')).toBe('/clientes/ficha?id=:id');
    expect(pattern('https://x.com/clientes?cliente=C-9')).toBe('/clientes?cliente=:id');
    expect(pattern('https://x.com/clientes?cliente=ana')).toBe('/clientes?cliente=:id');
    expect(pattern('https://x.com/index.php?m=clientes&a=ver&id=5&utm_source=mail&tab=notas')).toBe(
      '/index.php?m=clientes&a=ver&id=:id',
    );
    // A known id key is the record, even before a later id in the path of the hash.
    expect(pattern('https://x.com/contact?contactId=abc&ws=w-12')).toBe('/contact?contactId=:id&ws=:w');
    // Sessions and tokens are never part of the template.
    expect(pattern('https://x.com/clients/77?session=a1b2c3d4e5&token=zz9')).toBe('/clients/:id');
  });

  it('encodes what the template syntax reserves, so the template still compiles and matches', () => {
    const result = generaliseUrl('https://x.com/ver(1)/fichas+/77');
    expect(result?.urlPattern).toBe('/ver%281%29/fichas%2B/:id');
    expect(
      recordIdAt(
        { host: 'x.com', urlPattern: result?.urlPattern ?? '' },
        new URL('https://x.com/ver(1)/fichas+/78'),
      ),
    ).toBe('78');
  });

  it('gives null when there is no id, or no web page', () => {
    expect(generaliseUrl('https://x.com/contacts')).toBeNull();
    expect(generaliseUrl('https://x.com/')).toBeNull();
    expect(generaliseUrl('https://x.com/clientes/ver/ficha?tab=notas')).toBeNull();
    expect(generaliseUrl('https://x.com/#section-2')).toBeNull();
    expect(generaliseUrl('file:///tmp/12')).toBeNull();
    expect(generaliseUrl('not a url')).toBeNull();
  });

  it('produces a template that matches the page it came from and its siblings', () => {
    for (const url of [
      'https://app2.gleantap.com/workroom/w-12/contacts/gt_1001',
      'https://crm.example.com/#/clientes/55',
      'https://crm.example.com/app/#!/clientes/55?tab=datos',
      'https://x.com/clientes/ficha?id=88',
    ]) {
      const result = generaliseUrl(url);
      if (!result) throw new Error(url);
      expect(recordIdAt({ host: result.host, urlPattern: result.urlPattern }, new URL(url))).toBe(
        result.values.id,
      );
    }
  });
});

describe('isIdLike', () => {
  it('takes numbers, uuids, hex/base62 runs and prefixed ids; keeps words', () => {
    for (const id of [
      '7',
      '1001',
      'gt_1001',
      'w-12',
      'a1b2c3',
      '8f14e45f-ceea-467f-a0e6-7c3a1d2b9e10',
      'cus_9Ab',
    ])
      expect(isIdLike(id), id).toBe(true);
    for (const word of [
      'contacts',
      'clientes',
      'ver',
      'ficha',
      'workroom',
      'v2',
      'mp3',
      'ana-garcia',
      '',
      'a'.repeat(129),
    ])
      expect(isIdLike(word), word).toBe(false);
  });
});
