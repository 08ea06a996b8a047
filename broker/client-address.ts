/**
 * Who is asking, for the per-address rate limit. Each runtime knows the peer in its own way, so each entry file
 * passes one of the readers below; the app stays free of platform APIs. `X-Forwarded-For` is read only when the
 * operator says how many proxies of theirs stand in front (`BROKER_TRUSTED_PROXY_HOPS`): otherwise any client
 * could name a fresh address with every request and never be limited.
 */

/** Reads the peer's address from the request and the runtime's per-request value (Hono's `c.env`). */
export type ClientAddressReader = (request: Request, platform: unknown) => string | undefined;

interface NodeBindings {
  incoming?: { socket?: { remoteAddress?: string } };
}

/** @hono/node-server hands the app `{incoming, outgoing}`: the TCP peer is the socket's remote address. */
export const nodeClientAddress: ClientAddressReader = (_request, platform) =>
  (platform as NodeBindings | undefined)?.incoming?.socket?.remoteAddress;

interface DenoServeInfo {
  remoteAddr?: { hostname?: string };
}

/** Deno calls `fetch(request, info)`; `info.remoteAddr` is the peer (a Hono app sees `info` as `c.env`). */
export const denoClientAddress: ClientAddressReader = (_request, platform) =>
  (platform as DenoServeInfo | undefined)?.remoteAddr?.hostname;

/** Cloudflare sets `CF-Connecting-IP` on every request that reaches a Worker, replacing any the client sent. */
export const cloudflareClientAddress: ClientAddressReader = (request) =>
  request.headers.get('CF-Connecting-IP') ?? undefined;

/**
 * The client as the outermost of `trustedHops` proxies saw it: each proxy appends the address it received the
 * request from, so the entry `trustedHops` from the right is the last one a trusted party wrote; anything to its
 * left came from the client and is ignored. Without a usable header, the platform's peer (the proxy) is used.
 */
export function clientAddress(
  platformAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedHops: number,
): string | undefined {
  if (trustedHops <= 0 || forwardedFor === undefined) return platformAddress;
  const hops = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (hops.length === 0) return platformAddress;
  return hops[Math.max(0, hops.length - trustedHops)];
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}$/;
const MAX_KEY_CHARS = 64;

/**
 * The rate-limit key for an address: IPv4 as is (an IPv4-mapped IPv6 address too, port dropped); IPv6 by its
 * /64, the block one subscriber is usually given, so that one client cannot step through its own addresses.
 * No address at all (a runtime that gives none) shares one key: strict rather than unlimited.
 */
export function addressKey(address: string | undefined): string {
  if (address === undefined || address.trim() === '') return 'unknown';
  let text = address.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed?.[1]) text = bracketed[1];
  const v4WithPort = /^([\d.]+):\d+$/.exec(text);
  if (v4WithPort?.[1]) text = v4WithPort[1];
  const mapped = /^::ffff:([\d.]+)$/.exec(text);
  if (mapped?.[1]) text = mapped[1];
  if (IPV4.test(text)) return text;
  const prefix = ipv6Prefix64(text.replace(/%.*$/, ''));
  return prefix ?? text.slice(0, MAX_KEY_CHARS);
}

function ipv6Prefix64(text: string): string | null {
  if (!text.includes(':') || !/^[0-9a-f:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  // An embedded IPv4 tail stands for the last two groups; only the first four groups matter here.
  const width = (parts: string[]) => parts.reduce((sum, part) => sum + (part.includes('.') ? 2 : 1), 0);
  const missing = 8 - width(head) - width(tail);
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const first = all.slice(0, 4);
  if (first.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return null;
  return `${first.map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}
