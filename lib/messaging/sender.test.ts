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
      site: 'gleantap',
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

  it('takes our sidebar page framed in a tab as the sidebar frame, its dynamic origin included', () => {
    const url = 'chrome-extension://0f5e2d8a-dynamic/sidebar-frame.html';
    expect(
      classifySender(
        { id: self.id, url, origin: 'chrome-extension://0f5e2d8a-dynamic', frameId: 12, tab: crmTab },
        self,
      ),
    ).toEqual({ kind: 'sidebar-frame', tabId: 7, frameId: 12, url });
    expect(
      classifySender({ id: self.id, url: `${self.baseUrl}sidebar-frame.html`, frameId: 4, tab: crmTab }, self)
        .kind,
    ).toBe('sidebar-frame');
  });

  it('denies our sidebar page opened on its own, outside a tab, or under another origin than its url', () => {
    const url = `${self.baseUrl}sidebar-frame.html`;
    expect(classifySender({ id: self.id, url, frameId: 0, tab: crmTab }, self).kind).toBe('denied');
    expect(classifySender({ id: self.id, url, frameId: 3 }, self).kind).toBe('denied');
    expect(
      classifySender({ id: self.id, url, origin: 'https://evil.example', frameId: 3, tab: crmTab }, self)
        .kind,
    ).toBe('denied');
  });

  it('never takes the sidebar page for an extension page with the options rights', () => {
    const url = `${self.baseUrl}sidebar-frame.html?x=1#options.html`;
    expect(classifySender({ id: self.id, url, frameId: 2, tab: crmTab }, self).kind).toBe('sidebar-frame');
  });

  it('denies a message with no sender, no url or no tab', () => {
    expect(classifySender(undefined, self).kind).toBe('denied');
    expect(classifySender({ id: self.id }, self).kind).toBe('denied');
    expect(classifySender({ id: self.id, url: crmTab.url, frameId: 0 }, self).kind).toBe('denied');
  });
});
