import { describe, expect, it } from 'vitest';
import { classifySender } from './sender';

const self = {
  id: 'abcdefghijklmnopabcdefghijklmnop',
  baseUrl: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
};
const crmTab = { id: 7, url: 'https://app.gleantap.com/contacts/gt_1001' };

describe('classifySender', () => {
  it('accepts our options page', () => {
    const verdict = classifySender(
      {
        id: self.id,
        url: `${self.baseUrl}options.html`,
        origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      },
      self,
    );
    expect(verdict).toEqual({ kind: 'extension-page', url: `${self.baseUrl}options.html` });
  });

  it('accepts our content script in the top frame of a Gleantap or Gestioo page', () => {
    expect(classifySender({ id: self.id, url: crmTab.url, frameId: 0, tab: crmTab }, self)).toEqual({
      kind: 'content-script',
      tabId: 7,
      url: crmTab.url,
    });
    const gestioo = 'https://demo.gestioo.com/clientes/4512';
    expect(
      classifySender({ id: self.id, url: gestioo, frameId: 0, tab: { id: 3, url: gestioo } }, self).kind,
    ).toBe('content-script');
  });

  it('denies another extension even when it claims our url', () => {
    expect(classifySender({ id: 'otherextension', url: `${self.baseUrl}options.html` }, self).kind).toBe(
      'denied',
    );
  });

  it('denies a sub-frame of a supported page', () => {
    expect(classifySender({ id: self.id, url: crmTab.url, frameId: 3, tab: crmTab }, self)).toMatchObject({
      kind: 'denied',
      reason: 'sub-frame',
    });
  });

  it('denies unsupported origins, look-alike hosts, http and other ports', () => {
    for (const url of [
      'https://evil.example/contacts/1',
      'https://gestioo.com.evil.example/x',
      'https://evilgestioo.com/x',
      'http://app.gleantap.com/contacts/1',
      'https://app.gleantap.com:8443/contacts/1',
      'https://.gestioo.com/x',
    ]) {
      expect(classifySender({ id: self.id, url, frameId: 0, tab: { id: 1, url } }, self).kind, url).toBe(
        'denied',
      );
    }
  });

  it('denies a sender whose reported origin disagrees with its url', () => {
    expect(
      classifySender(
        { id: self.id, url: crmTab.url, origin: 'https://evil.example', frameId: 0, tab: crmTab },
        self,
      ).kind,
    ).toBe('denied');
  });

  it('denies a message with no sender, no url or no tab', () => {
    expect(classifySender(undefined, self).kind).toBe('denied');
    expect(classifySender({ id: self.id }, self).kind).toBe('denied');
    expect(classifySender({ id: self.id, url: crmTab.url, frameId: 0 }, self).kind).toBe('denied');
  });
});
