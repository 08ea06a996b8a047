/**
 * The test and tour control surface: the in-process `SandboxControl` object and its JSON mirror on
 * `https://127.0.0.1:PORT/__sandbox/…` (loopback only).
 *
 *   POST   /__sandbox/reset            {seed?, seedNumber?}
 *   POST   /__sandbox/configure        {latencyMs?, tokenLifetimeSeconds?, retryAfter?, pkceWhenChallenged?}
 *   GET    /__sandbox/faults           POST {method?, path?, kind, times?}    DELETE (clear)
 *   GET    /__sandbox/requests?since=N                                        DELETE (clear)
 *   POST   /__sandbox/tokens           {locationId, scopes, expiresInSeconds?} → {access_token, expires_in}
 *   GET    /__sandbox/token-stats
 *   POST   /__sandbox/daily-remaining  {locationId, remaining}
 *   GET    /__sandbox/contacts?locationId=…   /contacts/:id   /contacts/:id/{tasks,notes,appointments}
 */
import { Hono } from 'hono';
import type { ActiveFault, FaultSpec } from './faults.ts';
import type { UserType } from './ghl/auth.ts';
import { type SeedName, seedStore } from './ghl/seed.ts';
import type { AppointmentRecord, ContactRecord, NoteRecord, TaskRecord } from './ghl/store.ts';
import type { RequestLogEntry } from './requestlog.ts';
import type { SandboxConfig, SandboxState } from './state.ts';

export interface ResetOptions {
  seed?: SeedName;
  seedNumber?: number;
}

export interface MintTokenOptions {
  locationId: string;
  scopes: string[];
  /** Default: the configured token lifetime. 0 or less mints an already-expired token. */
  expiresInSeconds?: number;
}

export interface TokenStats {
  /** Every request to POST /oauth/token since start or reset, whatever its outcome. */
  tokenRequests: number;
  byGrantType: Record<string, number>;
  /** Refresh tokens that can still be used, by location (company id for Company tokens). */
  refreshTokensAlive: Record<string, number>;
}

/** Read-only views of the data, as copies, so tests can assert state. */
export interface SandboxData {
  contacts(locationId?: string): ContactRecord[];
  contact(contactId: string): ContactRecord | null;
  tasks(contactId: string): TaskRecord[];
  notes(contactId: string): NoteRecord[];
  appointments(contactId: string): AppointmentRecord[];
  businessContacts(businessId: string): ContactRecord[];
}

export interface SandboxControl {
  /** Fresh data (same or another seed), rate-limit counters, faults, request log and token counters; the demo
   * sites reset too. Issued tokens stay valid; the configuration returns to the start options. */
  reset(options?: ResetOptions): void;
  configure(changes: Partial<SandboxConfig>): SandboxConfig;
  addFault(fault: FaultSpec): ActiveFault;
  faults(): ActiveFault[];
  clearFaults(): void;
  requests(options?: { since?: number }): RequestLogEntry[];
  clearRequests(): void;
  mintToken(options: MintTokenOptions): string;
  tokenStats(): TokenStats;
  /** In-process only (never over HTTP): every OAuth token issued, for leak checks in tests. */
  issuedOAuthTokens(): string[];
  setDailyRemaining(locationId: string, remaining: number): void;
  data: SandboxData;
}

export function createControl(state: SandboxState, initialConfig: SandboxConfig): SandboxControl {
  const copy = <T>(value: T): T => structuredClone(value);
  const data: SandboxData = {
    contacts: (locationId) =>
      [...state.store.contacts.values()].filter((c) => !locationId || c.locationId === locationId).map(copy),
    contact: (contactId) => {
      const contact = state.store.contacts.get(contactId);
      return contact ? copy(contact) : null;
    },
    tasks: (contactId) => copy(state.store.tasks.get(contactId) ?? []),
    notes: (contactId) => copy(state.store.notes.get(contactId) ?? []),
    appointments: (contactId) => copy(state.store.appointments.get(contactId) ?? []),
    businessContacts: (businessId) =>
      [...state.store.contacts.values()].filter((c) => c.businessId === businessId).map(copy),
  };

  return {
    reset(options = {}) {
      const seed = options.seed ?? state.seed;
      const seedNumber = options.seedNumber ?? state.seedNumber;
      state.store = seedStore({ seed, seedNumber });
      state.seed = seed;
      state.seedNumber = seedNumber;
      state.limiter.reset();
      state.faults.clear();
      state.log.clear();
      state.auth.resetCounters();
      Object.assign(state.config, initialConfig);
      for (const site of state.sites) site.reset();
    },
    configure(changes) {
      if (changes.latencyMs !== undefined) {
        if (!Number.isFinite(changes.latencyMs) || changes.latencyMs < 0)
          throw new Error('latencyMs must be ≥ 0');
        state.config.latencyMs = changes.latencyMs;
      }
      if (changes.tokenLifetimeSeconds !== undefined) {
        if (!Number.isInteger(changes.tokenLifetimeSeconds) || changes.tokenLifetimeSeconds < 1) {
          throw new Error('tokenLifetimeSeconds must be a positive integer');
        }
        state.config.tokenLifetimeSeconds = changes.tokenLifetimeSeconds;
      }
      if (changes.retryAfter !== undefined) state.config.retryAfter = Boolean(changes.retryAfter);
      if (changes.pkceWhenChallenged !== undefined)
        state.config.pkceWhenChallenged = Boolean(changes.pkceWhenChallenged);
      return { ...state.config };
    },
    addFault: (fault) => state.faults.add(fault),
    faults: () => state.faults.list(),
    clearFaults: () => state.faults.clear(),
    requests: (options = {}) => state.log.since(options.since ?? 0),
    clearRequests: () => state.log.clear(),
    mintToken(options) {
      const location = state.store.locations.get(options.locationId);
      if (!location) throw new Error(`Unknown location ${options.locationId}`);
      const grant = {
        kind: 'minted' as const,
        userType: 'Location' as UserType,
        locationId: location.id,
        companyId: location.companyId,
        userId: location.users[0]?.id ?? '',
        scopes: [...options.scopes],
        clientId: null,
      };
      return state.auth.issueAccessToken(
        grant,
        options.expiresInSeconds ?? state.config.tokenLifetimeSeconds,
      );
    },
    tokenStats: () => ({
      tokenRequests: state.auth.tokenRequests,
      byGrantType: { ...state.auth.tokenRequestsByGrant },
      refreshTokensAlive: state.auth.refreshTokensAlive(),
    }),
    issuedOAuthTokens: () => state.auth.issuedOAuthTokens(),
    setDailyRemaining: (locationId, remaining) => state.limiter.setDailyRemaining(locationId, remaining),
    data,
  };
}

export interface ControlInfo {
  origin: string;
  hostResolverRules: string;
}

export function createControlApp(control: SandboxControl, info: () => ControlInfo): Hono {
  const app = new Hono({ strict: false });
  const readJson = async (body: () => Promise<unknown>): Promise<Record<string, unknown>> => {
    try {
      const value = await body();
      return value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {};
    } catch {
      return {};
    }
  };

  app.onError((err, c) => c.json({ error: err instanceof Error ? err.message : String(err) }, 400));

  app.get('/', (c) => c.redirect('/__sandbox/'));
  app.get('/__sandbox', (c) => c.json({ ...info(), endpoints: ENDPOINTS }));
  app.post('/__sandbox/reset', async (c) => {
    const body = await readJson(() => c.req.json());
    const seed = body.seed === 'large' || body.seed === 'demo' ? body.seed : undefined;
    if (body.seed !== undefined && !seed) throw new Error('seed must be "demo" or "large"');
    control.reset({ seed, seedNumber: typeof body.seedNumber === 'number' ? body.seedNumber : undefined });
    return c.json({ ok: true });
  });
  app.post('/__sandbox/configure', async (c) =>
    c.json(control.configure(await readJson(() => c.req.json()))),
  );
  app.get('/__sandbox/faults', (c) => c.json(control.faults()));
  app.post('/__sandbox/faults', async (c) => {
    const body = await readJson(() => c.req.json());
    return c.json(control.addFault(body as unknown as FaultSpec), 201);
  });
  app.delete('/__sandbox/faults', (c) => {
    control.clearFaults();
    return c.json({ ok: true });
  });
  app.get('/__sandbox/requests', (c) =>
    c.json(control.requests({ since: Number(c.req.query('since') ?? 0) || 0 })),
  );
  app.delete('/__sandbox/requests', (c) => {
    control.clearRequests();
    return c.json({ ok: true });
  });
  app.post('/__sandbox/tokens', async (c) => {
    const body = await readJson(() => c.req.json());
    const scopes = Array.isArray(body.scopes)
      ? body.scopes.map(String)
      : ['contacts.readonly', 'contacts.write'];
    const expiresInSeconds = typeof body.expiresInSeconds === 'number' ? body.expiresInSeconds : undefined;
    const token = control.mintToken({ locationId: String(body.locationId), scopes, expiresInSeconds });
    return c.json(
      {
        access_token: token,
        token_type: 'Bearer',
        expires_in: expiresInSeconds ?? null,
        scope: scopes.join(' '),
      },
      201,
    );
  });
  app.get('/__sandbox/token-stats', (c) => c.json(control.tokenStats()));
  app.post('/__sandbox/daily-remaining', async (c) => {
    const body = await readJson(() => c.req.json());
    if (typeof body.locationId !== 'string' || typeof body.remaining !== 'number') {
      throw new Error('Send {locationId: string, remaining: number}');
    }
    control.setDailyRemaining(body.locationId, body.remaining);
    return c.json({ ok: true });
  });
  app.get('/__sandbox/contacts', (c) => c.json(control.data.contacts(c.req.query('locationId'))));
  app.get('/__sandbox/contacts/:id', (c) => {
    const contact = control.data.contact(c.req.param('id'));
    return contact ? c.json(contact) : c.json({ error: 'No such contact' }, 404);
  });
  app.get('/__sandbox/contacts/:id/tasks', (c) => c.json(control.data.tasks(c.req.param('id'))));
  app.get('/__sandbox/contacts/:id/notes', (c) => c.json(control.data.notes(c.req.param('id'))));
  app.get('/__sandbox/contacts/:id/appointments', (c) =>
    c.json(control.data.appointments(c.req.param('id'))),
  );
  app.notFound((c) => c.json({ error: 'Not a control endpoint', endpoints: ENDPOINTS }, 404));
  return app;
}

const ENDPOINTS = [
  'POST /__sandbox/reset {seed?, seedNumber?}',
  'POST /__sandbox/configure {latencyMs?, tokenLifetimeSeconds?, retryAfter?, pkceWhenChallenged?}',
  'GET|POST|DELETE /__sandbox/faults {method?, path?, kind, times?}',
  'GET|DELETE /__sandbox/requests?since=N',
  'POST /__sandbox/tokens {locationId, scopes, expiresInSeconds?}',
  'GET /__sandbox/token-stats',
  'POST /__sandbox/daily-remaining {locationId, remaining}',
  'GET /__sandbox/contacts?locationId=…, /__sandbox/contacts/:id[/tasks|/notes|/appointments]',
];
