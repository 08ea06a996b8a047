import { describe, expect, it } from 'vitest';
import { brokerConfigFromEnv, parseOrigins } from './config.ts';

const COMPLETE = {
  HL_CLIENT_ID: 'client-id',
  HL_CLIENT_SECRET: 'client-secret-value',
  BROKER_ALLOWED_ORIGINS: 'chrome-extension://abc, moz-extension://4b0c7e1a-2f3d',
  BROKER_REDIRECT_URIS: 'https://abc.chromiumapp.org/oauth , https://0123abcd.extensions.allizom.org/',
};

describe('brokerConfigFromEnv', () => {
  it('reads the credentials, the comma-separated origins and the redirect URIs, the latter as written', () => {
    expect(brokerConfigFromEnv(COMPLETE)).toEqual({
      clientId: 'client-id',
      clientSecret: 'client-secret-value',
      allowedOrigins: ['chrome-extension://abc', 'moz-extension://4b0c7e1a-2f3d'],
      redirectUris: ['https://abc.chromiumapp.org/oauth', 'https://0123abcd.extensions.allizom.org/'],
    });
  });

  it('reads the optional token URL, user type and code-verifier forwarding', () => {
    const config = brokerConfigFromEnv({
      ...COMPLETE,
      HL_TOKEN_URL: 'https://127.0.0.1:8443/oauth/token',
      HL_USER_TYPE: 'Company',
      HL_FORWARD_CODE_VERIFIER: '1',
    });

    expect(config).toMatchObject({
      tokenUrl: 'https://127.0.0.1:8443/oauth/token',
      userType: 'Company',
      forwardCodeVerifier: true,
    });
  });

  it('leaves the rate limits at their defaults unless set, and reads them per minute', () => {
    expect(brokerConfigFromEnv(COMPLETE).rateLimits).toBeUndefined();
    expect(
      brokerConfigFromEnv({
        ...COMPLETE,
        BROKER_RATE_LIMIT_PER_GRANT: '3',
        BROKER_RATE_LIMIT_MAX_KEYS: '500',
        BROKER_TRUSTED_PROXY_HOPS: '1',
      }),
    ).toMatchObject({
      rateLimits: {
        perAddress: { limit: 10, windowSeconds: 60 },
        perGrant: { limit: 3, windowSeconds: 60 },
        maxKeys: 500,
      },
      trustedProxyHops: 1,
    });
  });

  it.each(['HL_CLIENT_ID', 'HL_CLIENT_SECRET', 'BROKER_ALLOWED_ORIGINS', 'BROKER_REDIRECT_URIS'])(
    'names %s when it is missing or blank',
    (name) => {
      expect(() => brokerConfigFromEnv({ ...COMPLETE, [name]: undefined })).toThrow(`${name} is not set.`);
      expect(() => brokerConfigFromEnv({ ...COMPLETE, [name]: '  ' })).toThrow(`${name} is not set.`);
    },
  );

  it('treats a list of only commas as no origins', () => {
    expect(() => brokerConfigFromEnv({ ...COMPLETE, BROKER_ALLOWED_ORIGINS: ' , ,' })).toThrow(
      'BROKER_ALLOWED_ORIGINS is not set.',
    );
  });

  it('accepts moz-extension://* for Firefox, the one pattern allowed', () => {
    const config = brokerConfigFromEnv({
      ...COMPLETE,
      BROKER_ALLOWED_ORIGINS: 'chrome-extension://abc, moz-extension://*',
    });

    expect(config.allowedOrigins).toEqual(['chrome-extension://abc', 'moz-extension://*']);
  });

  it('names the variable of a rejected origin, and shows the origin but not the secret', () => {
    const attempt = () =>
      brokerConfigFromEnv({ ...COMPLETE, BROKER_ALLOWED_ORIGINS: 'chrome-extension://*' });

    expect(attempt).toThrow(/^BROKER_ALLOWED_ORIGINS holds "chrome-extension:\/\/\*"/);
    expect(attempt).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('client-secret-value') }),
    );
  });

  it.each([
    ['HL_USER_TYPE', 'location'],
    ['HL_FORWARD_CODE_VERIFIER', 'yes'],
    ['HL_TOKEN_URL', 'not a url'],
    ['BROKER_REDIRECT_URIS', 'http://abc.chromiumapp.org/oauth'],
    ['BROKER_RATE_LIMIT_PER_ADDRESS', '0'],
    ['BROKER_RATE_LIMIT_PER_GRANT', 'ten'],
    ['BROKER_RATE_LIMIT_MAX_KEYS', '-1'],
    ['BROKER_TRUSTED_PROXY_HOPS', '11'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => brokerConfigFromEnv({ ...COMPLETE, [name]: value })).toThrow(new RegExp(`^${name} `));
  });
});

describe('parseOrigins', () => {
  it('drops blanks and a pasted trailing slash', () => {
    expect(parseOrigins(' chrome-extension://abc/ ,, moz-extension://def ')).toEqual([
      'chrome-extension://abc',
      'moz-extension://def',
    ]);
  });
});
