import { describe, expect, it } from 'vitest';
import { checkPerson, pageContactOf, refusalFor } from './person.ts';

describe('refusalFor', () => {
  it('refuses pages no extension may script, and CRM pages the sidebar already follows', () => {
    for (const url of [
      'chrome://extensions/',
      'about:addons',
      'file:///home/ana/notes.html',
      'chrome-extension://abc/options.html',
      'https://chromewebstore.google.com/detail/x',
      'https://addons.mozilla.org/en-US/firefox/',
      undefined,
      'not a url',
    ])
      expect(refusalFor(url)).toBe('page.unscriptable');
    expect(refusalFor('https://app.gleantap.com/contacts/1')).toBe('page.crm');
    expect(refusalFor('https://app.acme-notes.com/notes/7')).toBeNull();
  });
});

describe('checkPerson', () => {
  it('accepts what the page reading returns, and nothing else', () => {
    expect(checkPerson({ kind: 'email', value: 'ana@example.com', from: 'page' })).toEqual({
      kind: 'email',
      value: 'ana@example.com',
      from: 'page',
    });
    expect(checkPerson({ kind: 'phone', value: '+34 612 345 678', from: 'selection' })).not.toBeNull();
    expect(checkPerson({ kind: 'name', value: 'Ana García', from: 'selection' })).not.toBeNull();
    // A page that rewrote the result: other fields, other kinds, markup, oversize, a name said to be read off the page.
    for (const bad of [
      null,
      'ana@example.com',
      { kind: 'email', value: 'ana@example.com', from: 'page', contactId: 'x' },
      { kind: 'email', value: '<img src=x onerror=alert(1)>@x.com', from: 'page' },
      { kind: 'phone', value: '12', from: 'page' },
      { kind: 'name', value: '<b>Ana</b>', from: 'selection' },
      { kind: 'name', value: 'Ana García', from: 'page' },
      { kind: 'name', value: 'a '.repeat(60), from: 'selection' },
      { kind: 'contact', value: 'AnaGarciaContact00001', from: 'page' },
    ])
      expect(checkPerson(bad)).toBeNull();
  });
});

describe('pageContactOf', () => {
  it('a record id per host and person, never the person in it', async () => {
    const url = 'https://app.acme-notes.com/notes/7';
    const ana = await pageContactOf('gleantap', url, {
      kind: 'email',
      value: 'Ana@Example.com',
      from: 'page',
    });
    expect(ana).toMatchObject({ site: 'gleantap', email: 'Ana@Example.com' });
    expect(ana.hostRecordId).toMatch(/^app-[0-9a-f]{24}$/);
    const again = await pageContactOf('gleantap', `${url}?x=1`, {
      kind: 'email',
      value: 'ana@example.com',
      from: 'selection',
    });
    expect(again.hostRecordId).toBe(ana.hostRecordId);
    const elsewhere = await pageContactOf('gleantap', 'https://other.example/', {
      kind: 'email',
      value: 'ana@example.com',
      from: 'page',
    });
    expect(elsewhere.hostRecordId).not.toBe(ana.hostRecordId);
    const nobody = await pageContactOf('gleantap', url, null);
    expect(nobody).toEqual({ site: 'gleantap', hostRecordId: expect.stringMatching(/^app-/) });
  });
});
