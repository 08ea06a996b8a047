/**
 * Reads the broker's configuration from environment variables: `process.env` on Node, the `env` binding on
 * Cloudflare Workers, `Deno.env` on Deno. Shared so that every runtime accepts the same variables.
 */
import {
  type BrokerConfig,
  BrokerConfigError,
  DEFAULT_RATE_LIMITS,
  type UserType,
  validateBrokerConfig,
} from './app.ts';

export type BrokerEnv = Readonly<Record<string, unknown>>;

const VARIABLE_BY_FIELD: Readonly<Record<string, string>> = {
  clientId: 'HL_CLIENT_ID',
  clientSecret: 'HL_CLIENT_SECRET',
  allowedOrigins: 'BROKER_ALLOWED_ORIGINS',
  tokenUrl: 'HL_TOKEN_URL',
  redirectUris: 'BROKER_REDIRECT_URIS',
  'rateLimits.perAddress': 'BROKER_RATE_LIMIT_PER_ADDRESS',
  'rateLimits.perGrant': 'BROKER_RATE_LIMIT_PER_GRANT',
  'rateLimits.maxKeys': 'BROKER_RATE_LIMIT_MAX_KEYS',
  trustedProxyHops: 'BROKER_TRUSTED_PROXY_HOPS',
};

function read(env: BrokerEnv, name: string): string | undefined {
  const value = env[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Comma-separated, blanks dropped; a trailing slash is a common paste error and is not part of an origin. */
export function parseOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '');
}

/** A whole number as written (digits only), or undefined when unset; anything else names the variable. */
function readWhole(env: BrokerEnv, name: string): number | undefined {
  const text = read(env, name);
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) throw new BrokerConfigError(name, 'must be a whole number.');
  return Number(text);
}

/** Comma-separated, blanks dropped, nothing else changed: redirect URIs are compared as exact strings. */
export function parseRedirectUris(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The broker config from `HL_CLIENT_ID`, `HL_CLIENT_SECRET`, `BROKER_ALLOWED_ORIGINS` and `BROKER_REDIRECT_URIS`
 * (comma-separated) and the optional `HL_TOKEN_URL`, `HL_USER_TYPE` (`Location` | `Company`), `HL_FORWARD_CODE_VERIFIER=1`,
 * `BROKER_RATE_LIMIT_PER_ADDRESS`, `BROKER_RATE_LIMIT_PER_GRANT` (per minute), `BROKER_RATE_LIMIT_MAX_KEYS` and
 * `BROKER_TRUSTED_PROXY_HOPS`.
 * Throws a BrokerConfigError that names every missing or invalid variable (never a value).
 */
export function brokerConfigFromEnv(env: BrokerEnv): BrokerConfig {
  const clientId = read(env, 'HL_CLIENT_ID');
  const clientSecret = read(env, 'HL_CLIENT_SECRET');
  const originsText = read(env, 'BROKER_ALLOWED_ORIGINS');
  const allowedOrigins = originsText === undefined ? [] : parseOrigins(originsText);
  const redirectText = read(env, 'BROKER_REDIRECT_URIS');
  const redirectUris = redirectText === undefined ? [] : parseRedirectUris(redirectText);
  const missing = [
    clientId === undefined && 'HL_CLIENT_ID',
    clientSecret === undefined && 'HL_CLIENT_SECRET',
    allowedOrigins.length === 0 && 'BROKER_ALLOWED_ORIGINS',
    redirectUris.length === 0 && 'BROKER_REDIRECT_URIS',
  ].filter((name) => name !== false);
  if (clientId === undefined || clientSecret === undefined || missing.length > 0) {
    throw new BrokerConfigError(missing.join(', '), missing.length === 1 ? 'is not set.' : 'are not set.');
  }
  const userTypeText = read(env, 'HL_USER_TYPE');
  if (userTypeText !== undefined && userTypeText !== 'Location' && userTypeText !== 'Company') {
    throw new BrokerConfigError('HL_USER_TYPE', 'must be "Location" or "Company".');
  }
  const forwardText = read(env, 'HL_FORWARD_CODE_VERIFIER');
  if (forwardText !== undefined && forwardText !== '0' && forwardText !== '1') {
    throw new BrokerConfigError('HL_FORWARD_CODE_VERIFIER', 'must be 0 or 1.');
  }
  const config: BrokerConfig = { clientId, clientSecret, allowedOrigins, redirectUris };
  const tokenUrl = read(env, 'HL_TOKEN_URL');
  if (tokenUrl !== undefined) config.tokenUrl = tokenUrl;
  if (userTypeText !== undefined) config.userType = userTypeText as UserType;
  if (forwardText === '1') config.forwardCodeVerifier = true;
  const perAddress = readWhole(env, 'BROKER_RATE_LIMIT_PER_ADDRESS');
  const perGrant = readWhole(env, 'BROKER_RATE_LIMIT_PER_GRANT');
  const maxKeys = readWhole(env, 'BROKER_RATE_LIMIT_MAX_KEYS');
  const trustedProxyHops = readWhole(env, 'BROKER_TRUSTED_PROXY_HOPS');
  // The variables count per minute; the window stays configurable in code only.
  const perMinute = (limit: number) => ({ limit, windowSeconds: 60 });
  if (perAddress !== undefined || perGrant !== undefined || maxKeys !== undefined) {
    config.rateLimits = {
      perAddress: perAddress === undefined ? DEFAULT_RATE_LIMITS.perAddress : perMinute(perAddress),
      perGrant: perGrant === undefined ? DEFAULT_RATE_LIMITS.perGrant : perMinute(perGrant),
      maxKeys: maxKeys ?? DEFAULT_RATE_LIMITS.maxKeys,
    };
  }
  if (trustedProxyHops !== undefined) config.trustedProxyHops = trustedProxyHops;
  try {
    validateBrokerConfig(config);
  } catch (error) {
    if (!(error instanceof BrokerConfigError)) throw error;
    throw new BrokerConfigError(VARIABLE_BY_FIELD[error.field] ?? error.field, error.detail);
  }
  return config;
}
