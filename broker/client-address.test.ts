import { describe, expect, it } from 'vitest';
import {
  addressKey,
  clientAddress,
  cloudflareClientAddress,
  denoClientAddress,
  nodeClientAddress,
} from './client-address.ts';

const request = (headers: Record<string, string> = {}) =>
  new Request('https://broker.example/token', { headers });

describe('the platform readers', () => {
  it('read the peer where each runtime puts it', () => {
    expect(
      nodeClientAddress(request(), { incoming: { socket: { remoteAddress: '::ffff:192.0.2.1' } } }),
    ).toBe('::ffff:192.0.2.1');
    expect(
      denoClientAddress(request(), { remoteAddr: { hostname: '192.0.2.2', port: 1, transport: 'tcp' } }),
    ).toBe('192.0.2.2');
    expect(cloudflareClientAddress(request({ 'CF-Connecting-IP': '192.0.2.3' }), undefined)).toBe(
      '192.0.2.3',
    );
  });

  it('give nothing rather than fail when the runtime gives nothing', () => {
    expect(nodeClientAddress(request(), undefined)).toBeUndefined();
    expect(denoClientAddress(request(), {})).toBeUndefined();
    expect(cloudflareClientAddress(request(), undefined)).toBeUndefined();
  });
});

describe('clientAddress', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress('198.51.100.1', '203.0.113.9', 0)).toBe('198.51.100.1');
  });

  it('takes the entry the outermost trusted proxy wrote, counting from the right', () => {
    const header = '192.0.2.66, 203.0.113.9, 10.0.0.5';

    expect(clientAddress('10.0.0.9', header, 1)).toBe('10.0.0.5');
    expect(clientAddress('10.0.0.9', header, 2)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.9', '203.0.113.9', 3)).toBe('203.0.113.9');
  });

  it('falls back to the peer without a usable header', () => {
    expect(clientAddress('10.0.0.9', undefined, 1)).toBe('10.0.0.9');
    expect(clientAddress('10.0.0.9', ' , ', 1)).toBe('10.0.0.9');
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['192.0.2.1:51234', '192.0.2.1'],
    ['2001:db8:a:b:1:2:3:4', '2001:db8:a:b::/64'],
    ['2001:DB8:a:b::1', '2001:db8:a:b::/64'],
    ['[2001:db8:a:b::1]:443', '2001:db8:a:b::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('keys %s as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });

  it('keeps anything else, bounded', () => {
    expect(addressKey('x'.repeat(500))).toHaveLength(64);
  });
});
