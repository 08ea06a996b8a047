/**
 * The OAuth consent page on `marketplace.gohighlevel.com` / `marketplace.leadconnectorhq.com`:
 * `GET /v2/oauth/chooselocation` (and the older `/oauth/chooselocation`) lists the locations with radios
 * (`name=location`), the requested scopes, and Allow (`#approve`) / Deny (`#deny`). Allow redirects to
 * `redirect_uri?code=…&state=…`, Deny to `redirect_uri?error=access_denied&state=…`. An unknown client or an
 * unusable redirect_uri gets an error page, never a redirect. The real page asks the user to log in first; the
 * sandbox's user is always logged in.
 *
 * Any https redirect_uri is accepted (the extension's id, hence its chromiumapp.org URL, differs per install),
 * plus http on localhost/127.0.0.1 for tests.
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { LOCATIONS } from './fixtures.ts';
import type { SandboxBindings, SandboxState } from './state.ts';

export const MARKETPLACE_HOSTS = ['marketplace.gohighlevel.com', 'marketplace.leadconnectorhq.com'] as const;
const CONSENT_PATHS = ['/v2/oauth/chooselocation', '/oauth/chooselocation'];
const PENDING_TTL_MS = 30 * 60 * 1000;

const SCOPE_DESCRIPTIONS: Record<string, string> = {
  'contacts.readonly': 'View contacts, their tasks, notes and appointments',
  'contacts.write': 'Create and edit contacts, tasks, notes and tags',
};

interface PendingConsent {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  expiresAt: number;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function acceptableRedirect(raw: string): URL | null {
  try {
    const url = new URL(raw);
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname)) return url;
    return null;
  } catch {
    return null;
  }
}

function redirectWith(redirectUri: string, params: Record<string, string | null>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.href;
}

const STYLE = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; background: #f2f5f9; color: #1f2937; }
  header { background: #155eef; color: #fff; padding: 14px 24px; font-weight: 600; letter-spacing: .2px; }
  main { max-width: 520px; margin: 40px auto; background: #fff; border-radius: 10px; padding: 28px 32px;
         box-shadow: 0 1px 3px rgba(16,24,40,.12), 0 1px 2px rgba(16,24,40,.06); }
  h1 { font-size: 1.35rem; margin: 0 0 6px; }
  p.lead { margin: 0 0 20px; color: #475467; }
  fieldset { border: 1px solid #d0d5dd; border-radius: 8px; padding: 12px 16px; margin: 0 0 18px; }
  legend { font-weight: 600; padding: 0 6px; }
  label.location { display: flex; gap: 10px; align-items: flex-start; padding: 10px 4px; border-radius: 6px; cursor: pointer; }
  label.location:hover { background: #f5f8ff; }
  label.location small { display: block; color: #667085; }
  ul.scopes { margin: 0; padding-left: 20px; }
  ul.scopes code { font-size: .85em; color: #475467; }
  .actions { display: flex; gap: 12px; justify-content: flex-end; margin-top: 8px; }
  button { font: inherit; padding: 9px 20px; border-radius: 8px; border: 1px solid #d0d5dd; background: #fff; cursor: pointer; }
  button#approve { background: #155eef; border-color: #155eef; color: #fff; }
  button:focus-visible, input:focus-visible { outline: 3px solid #84adff; outline-offset: 2px; }
  .error { border-left: 4px solid #d92d20; background: #fef3f2; padding: 10px 14px; margin: 0 0 16px; }
`;

function page(title: string, content: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>HighLevel · Marketplace (sandbox)</header>
<main>
${content}
</main>
</body>
</html>`;
}

function consentPage(requestId: string, pending: PendingConsent, error: string | null): string {
  const locations = Object.values(LOCATIONS)
    .map(
      (location, index) => `<label class="location">
  <input type="radio" name="location" value="${escapeHtml(location.id)}"${index === 0 ? ' checked' : ''}>
  <span>${escapeHtml(location.name)}<small>${escapeHtml(location.timezone)} · ${escapeHtml(location.id)}</small></span>
</label>`,
    )
    .join('\n');
  const scopes = pending.scopes
    .map(
      (scope) =>
        `<li>${escapeHtml(SCOPE_DESCRIPTIONS[scope] ?? scope)} <code>${escapeHtml(scope)}</code></li>`,
    )
    .join('\n');
  return page(
    'Choose a location · HighLevel',
    `<h1>Choose a location</h1>
<p class="lead">The app <strong>${escapeHtml(pending.clientId)}</strong> asks for access to one of your sub-accounts.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post">
<input type="hidden" name="request" value="${escapeHtml(requestId)}">
<fieldset>
<legend>Location</legend>
${locations}
</fieldset>
<fieldset>
<legend>The app will be able to</legend>
<ul class="scopes">
${scopes}
</ul>
</fieldset>
<div class="actions">
<button type="submit" id="deny" name="decision" value="deny">Deny</button>
<button type="submit" id="approve" name="decision" value="allow">Allow</button>
</div>
</form>`,
  );
}

function errorPage(message: string): string {
  return page(
    'Authorization error · HighLevel',
    `<h1>Something is wrong with this link</h1><p class="error" role="alert">${escapeHtml(message)}</p>`,
  );
}

const PAGE_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

export function createMarketplaceApp(state: SandboxState): Hono<{ Bindings: SandboxBindings }> {
  const app = new Hono<{ Bindings: SandboxBindings }>({ strict: false });
  const pending = new Map<string, PendingConsent>();

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(PAGE_HEADERS)) c.res.headers.set(name, value);
  });

  for (const path of CONSENT_PATHS) {
    app.get(path, (c) => {
      const q = c.req.query();
      if (!q.client_id || q.client_id !== state.oauthClient.clientId) {
        return c.html(errorPage('This app is not registered: the client_id is unknown.'), 400);
      }
      const redirect = q.redirect_uri ? acceptableRedirect(q.redirect_uri) : null;
      if (!redirect)
        return c.html(errorPage('The redirect_uri is missing or not allowed for this app.'), 400);
      const stateParam = q.state ?? null;
      if (q.response_type !== 'code') {
        return c.redirect(
          redirectWith(redirect.href, { error: 'unsupported_response_type', state: stateParam }),
          302,
        );
      }
      const scopes = (q.scope ?? '').split(/[\s+]+/).filter(Boolean);
      if (scopes.length === 0)
        return c.redirect(redirectWith(redirect.href, { error: 'invalid_scope', state: stateParam }), 302);
      const challenge = q.code_challenge || null;
      const method = challenge ? (q.code_challenge_method ?? 'plain') : null;
      if (method !== null && method !== 'S256' && method !== 'plain') {
        return c.redirect(redirectWith(redirect.href, { error: 'invalid_request', state: stateParam }), 302);
      }
      const now = Date.now();
      for (const [id, request] of pending) if (request.expiresAt < now) pending.delete(id);
      const requestId = randomBytes(16).toString('hex');
      const request: PendingConsent = {
        clientId: q.client_id,
        redirectUri: q.redirect_uri ?? redirect.href,
        scopes,
        state: stateParam,
        codeChallenge: challenge,
        codeChallengeMethod: method,
        expiresAt: now + PENDING_TTL_MS,
      };
      pending.set(requestId, request);
      return c.html(consentPage(requestId, request, null));
    });

    app.post(path, async (c) => {
      const form = await c.req.parseBody();
      const requestId = typeof form.request === 'string' ? form.request : '';
      const request = pending.get(requestId);
      if (c.env?.record) {
        c.env.record.body = { decision: form.decision ?? null, location: form.location ?? null };
      }
      if (!request || request.expiresAt < Date.now()) {
        return c.html(errorPage('This authorization request has expired. Start again from the app.'), 400);
      }
      if (form.decision !== 'allow') {
        pending.delete(requestId);
        return c.redirect(
          redirectWith(request.redirectUri, { error: 'access_denied', state: request.state }),
          302,
        );
      }
      const location = Object.values(LOCATIONS).find((l) => l.id === form.location);
      if (!location) return c.html(consentPage(requestId, request, 'Choose a location to continue.'), 400);
      pending.delete(requestId);
      const installer = state.store.locations.get(location.id)?.users[0]?.id ?? '';
      const code = state.auth.issueCode({
        clientId: request.clientId,
        redirectUri: request.redirectUri,
        locationId: location.id,
        companyId: location.companyId,
        userId: installer,
        scopes: request.scopes,
        codeChallenge: request.codeChallenge,
        codeChallengeMethod: request.codeChallengeMethod,
      });
      return c.redirect(redirectWith(request.redirectUri, { code, state: request.state }), 302);
    });
  }

  app.notFound((c) => c.html(errorPage('Page not found.'), 404));
  return app;
}
