/**
 * A fetch that accepts any TLS certificate, for `BROKER_INSECURE_TLS=1` only: the local HighLevel sandbox
 * serves HTTPS with a self-signed certificate. The laxness is scoped to this function (an own https.Agent)
 * instead of NODE_TLS_REJECT_UNAUTHORIZED, which would weaken every connection the process makes.
 */
import { Agent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

const STATUSES_WITHOUT_BODY = new Set([101, 204, 205, 304]);

export function createInsecureTlsFetch(): typeof fetch {
  const agent = new Agent({ rejectUnauthorized: false });
  return async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).protocol !== 'https:') return fetch(request);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    return new Promise<Response>((resolve, reject) => {
      // No redirect is followed, as with fetch's `redirect: 'manual'`.
      const outgoing = httpsRequest(
        request.url,
        { method: request.method, headers, agent, signal: request.signal },
        (incoming) => {
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            if (value === undefined) continue;
            for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, item);
          }
          const status = incoming.statusCode ?? 502;
          const hasBody = request.method !== 'HEAD' && !STATUSES_WITHOUT_BODY.has(status);
          if (!hasBody) incoming.resume();
          resolve(
            new Response(
              hasBody ? (Readable.toWeb(incoming) as unknown as ReadableStream<Uint8Array>) : null,
              {
                status,
                statusText: incoming.statusMessage ?? '',
                headers: responseHeaders,
              },
            ),
          );
        },
      );
      outgoing.once('error', reject);
      outgoing.end(body);
    });
  };
}
