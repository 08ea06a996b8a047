/**
 * The local stand-in for HighLevel and the demo host CRMs: ONE TLS server on 127.0.0.1 that answers for several
 * hosts by the Host header. Chromium reaches it with
 * `--host-resolver-rules="MAP services.leadconnectorhq.com 127.0.0.1:PORT, …" --ignore-certificate-errors`,
 * so the production extension talks to https://services.leadconnectorhq.com unmodified.
 *
 *   services.leadconnectorhq.com                                   → the HighLevel API (ghl/api.ts)
 *   marketplace.gohighlevel.com, marketplace.leadconnectorhq.com   → the OAuth consent page (marketplace.ts)
 *   app.gleantap.com, app2.gleantap.com, app.gestioo.com, demo.gestioo.com,
 *   costadental.gestioo.com, gimnasiosol.gestioo.com, crm.gestioo.com → the demo sites (sites/*)
 *   127.0.0.1, localhost                                           → the control surface (control.ts)
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { getRequestListener, type HttpBindings } from '@hono/node-server';
import type { Hono } from 'hono';
import { loadCertificate } from './cert.ts';
import { type ControlInfo, createControl, createControlApp, type SandboxControl } from './control.ts';
import { type FaultKind, FaultRegistry } from './faults.ts';
import { hostResolverRules, SANDBOX_OAUTH_CLIENT } from './fixtures.ts';
import { API_HOST, createApiApp, TRACE_HEADER } from './ghl/api.ts';
import { AuthRegistry, DEFAULT_TOKEN_LIFETIME_SECONDS } from './ghl/auth.ts';
import { BURST_INTERVAL_MS, BURST_MAX, DAILY_MAX, RateLimiter } from './ghl/ratelimit.ts';
import { DEFAULT_SEED_NUMBER, type SeedName, seedStore } from './ghl/seed.ts';
import { createMarketplaceApp, MARKETPLACE_HOSTS } from './marketplace.ts';
import { RequestLog, type RequestLogEntry } from './requestlog.ts';
import type { DemoSite } from './sites/types.ts';
import type { OAuthClient, SandboxBindings, SandboxConfig, SandboxState } from './state.ts';

export type { SandboxControl } from './control.ts';
export type { RequestLogEntry } from './requestlog.ts';

export interface SandboxOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Delay added to every API-host request, in ms. */
  latencyMs?: number;
  seed?: SeedName;
  seedNumber?: number;
  /** The OAuth app the token endpoint and consent page accept; default SANDBOX_OAUTH_CLIENT. */
  oauthClient?: OAuthClient;
  /** Print one line per request to the HighLevel hosts (never tokens or secrets). */
  log?: boolean;
  /** The demo host CRMs to serve; default: the Gleantap and Gestioo demo sites whose modules exist. */
  sites?: DemoSite[];
}

export interface Sandbox {
  port: number;
  /** https://127.0.0.1:PORT */
  origin: string;
  /** The value for Chromium's --host-resolver-rules. */
  hostResolverRules: string;
  /** In-process access for tests. */
  state: SandboxState;
  control: SandboxControl;
  close(): Promise<void>;
}

const CONTROL_HOSTS = new Set(['127.0.0.1', 'localhost']);
const DEMO_SITES = [
  ['./sites/gleantap/app.ts', 'createGleantapSite'],
  ['./sites/gestioo/app.ts', 'createGestiooSite'],
  ['./sites/gestioo/personas.ts', 'createGestiooPersonasSite'],
] as const;

/** The demo sites, built by their own modules; a site whose module does not exist yet is skipped. */
export async function loadDemoSites(): Promise<DemoSite[]> {
  const sites: DemoSite[] = [];
  for (const [path, factoryName] of DEMO_SITES) {
    const url = new URL(path, import.meta.url);
    if (!existsSync(url)) continue;
    const module = (await import(url.href)) as Record<string, unknown>;
    const factory = module[factoryName];
    if (typeof factory !== 'function') throw new Error(`${path} does not export ${factoryName}()`);
    const site = factory() as DemoSite;
    if (
      !Array.isArray(site.hosts) ||
      typeof site.app?.fetch !== 'function' ||
      typeof site.reset !== 'function'
    ) {
      throw new Error(`${factoryName}() did not return a DemoSite {hosts, app, reset}`);
    }
    sites.push(site);
  }
  return sites;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function faultResponse(
  kind: Exclude<FaultKind, 'dropAfterProcessing' | 'dropBeforeProcessing'>,
  state: SandboxState,
): Response {
  const traceId = crypto.randomUUID();
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    [TRACE_HEADER]: traceId,
  };
  if (kind === 'malformedJson') return new Response('{"contact":{"id":"', { status: 200, headers });
  if (kind === 'status429') {
    Object.assign(headers, {
      'X-RateLimit-Max': String(BURST_MAX),
      'X-RateLimit-Remaining': '0',
      'X-RateLimit-Interval-Milliseconds': String(BURST_INTERVAL_MS),
      'X-RateLimit-Limit-Daily': String(DAILY_MAX),
      'X-RateLimit-Daily-Remaining': String(DAILY_MAX),
    });
    if (state.config.retryAfter) headers['Retry-After'] = String(BURST_INTERVAL_MS / 1000);
    const body = {
      statusCode: 429,
      message: 'Too many requests. The limit is 100 requests per 10 seconds for this location.',
      error: 'Too Many Requests',
      traceId,
    };
    return new Response(JSON.stringify(body), { status: 429, headers });
  }
  const status = kind === 'status503' ? 503 : 500;
  const body =
    status === 503
      ? { statusCode: 503, message: 'Service Unavailable', error: 'Service Unavailable', traceId }
      : { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error', traceId };
  return new Response(JSON.stringify(body), { status, headers });
}

/** Ends the connection without an answer, as a crashed proxy or a dropped network would. */
function dropConnection(env: HttpBindings): Response {
  env.incoming.socket.destroy();
  return new Response(null, { status: 204 });
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const initialConfig: SandboxConfig = {
    latencyMs: opts.latencyMs ?? 0,
    tokenLifetimeSeconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
    retryAfter: false,
    pkceWhenChallenged: false,
  };
  const seed = opts.seed ?? 'demo';
  const seedNumber = opts.seedNumber ?? DEFAULT_SEED_NUMBER;
  const [sites, tls] = await Promise.all([opts.sites ?? loadDemoSites(), loadCertificate()]);
  const state: SandboxState = {
    store: seedStore({ seed, seedNumber }),
    auth: new AuthRegistry(),
    limiter: new RateLimiter(),
    faults: new FaultRegistry(),
    log: new RequestLog(),
    config: { ...initialConfig },
    oauthClient: opts.oauthClient ?? { ...SANDBOX_OAUTH_CLIENT },
    sites,
    seed,
    seedNumber,
  };
  const control = createControl(state, initialConfig);
  let info: ControlInfo = { origin: '', hostResolverRules: '' };
  const apiApp = createApiApp(state);
  const marketplaceApp = createMarketplaceApp(state);
  const controlApp = createControlApp(control, () => info);
  const siteApps = new Map<string, Hono>();
  for (const site of sites) for (const host of site.hosts) siteApps.set(host.toLowerCase(), site.app);
  const marketplaceHosts = new Set<string>(MARKETPLACE_HOSTS);

  const logged = async (
    host: string,
    request: Request,
    handle: (record: RequestLogEntry) => Promise<Response>,
  ): Promise<Response> => {
    const started = performance.now();
    const record = state.log.begin(host, request.method, new URL(request.url));
    try {
      const response = await handle(record);
      return response;
    } finally {
      record.durationMs = Math.round((performance.now() - started) * 10) / 10;
      state.log.finish(record);
      if (opts.log) {
        console.log(
          `[sandbox] ${record.method} ${record.host}${record.path} → ${record.status ?? 'dropped'}${record.fault ? ` (fault ${record.fault})` : ''} ${record.durationMs} ms`,
        );
      }
    }
  };

  const serveApi = (request: Request, env: HttpBindings): Promise<Response> =>
    logged(API_HOST, request, async (record) => {
      if (state.config.latencyMs > 0) await sleep(state.config.latencyMs);
      const fault = state.faults.take(request.method, new URL(request.url).pathname);
      record.fault = fault;
      if (fault === 'dropBeforeProcessing') return dropConnection(env);
      if (fault && fault !== 'dropAfterProcessing') {
        const response = faultResponse(fault, state);
        record.status = response.status;
        return response;
      }
      const bindings: SandboxBindings = { ...env, record };
      const response = await apiApp.fetch(request, bindings);
      if (fault === 'dropAfterProcessing') return dropConnection(env);
      record.status = response.status;
      return response;
    });

  const listener = getRequestListener(
    async (request, env) => {
      const bindings = env as HttpBindings;
      const host = (request.headers.get('host') ?? '').replace(/:\d+$/, '').toLowerCase();
      if (host === API_HOST) return serveApi(request, bindings);
      if (marketplaceHosts.has(host)) {
        return logged(host, request, async (record) => {
          const response = await marketplaceApp.fetch(request, { ...bindings, record });
          record.status = response.status;
          return response;
        });
      }
      if (CONTROL_HOSTS.has(host)) {
        // A token broker run on this machine reaches the token endpoint by address (no host mapping in Node).
        if (new URL(request.url).pathname === '/oauth/token') return serveApi(request, bindings);
        return controlApp.fetch(request, bindings);
      }
      const site = siteApps.get(host);
      if (site) return site.fetch(request, bindings);
      return new Response(`The sandbox does not answer for ${host || 'this host'}.\n`, {
        status: 421,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    },
    { overrideGlobalObjects: false },
  );

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, listener);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client may drop mid-request (or we drop it on purpose); that must never bring the sandbox down.
  server.on('clientError', (_error, socket) => socket.destroy());
  const port = (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port}`;
  const rules = hostResolverRules(port);
  info = { origin, hostResolverRules: rules };

  let closing: Promise<void> | null = null;
  return {
    port,
    origin,
    hostResolverRules: rules,
    state,
    control,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
