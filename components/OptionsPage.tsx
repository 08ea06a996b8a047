import { useEffect, useState } from 'preact/hooks';
import { errorSentence } from '../lib/errors';
import { formatDateTime } from '../lib/i18n';
import type { OptionsState } from '../lib/options/state';
import { SITE_ADAPTERS } from '../lib/sites';
import type { PageContactField, SiteAdapter, SiteOverrides } from '../lib/sites/types';
import type { ConnectionInfo } from '../lib/storage/items';
import { AutomationsEditor } from './automations/AutomationsEditor';

export function OptionsPage({ state }: { state: OptionsState }) {
  useEffect(() => {
    void state.refresh();
  }, [state]);
  const status = state.status.value;
  return (
    <main class="opt-main">
      <h1>HighLevel Sidebar</h1>
      {state.statusError.value ? <p role="alert">{errorSentence(state.statusError.value)}</p> : null}
      <section aria-labelledby="connections-heading">
        <h2 id="connections-heading">Connections</h2>
        {status === null ? (
          <p role="status">Loading…</p>
        ) : status.connections.length === 0 ? (
          <p data-testid="no-connections">No HighLevel location is connected yet.</p>
        ) : (
          <ul class="opt-list">
            {status.connections.map((c) => (
              <ConnectionRow key={c.locationId} connection={c} state={state} />
            ))}
          </ul>
        )}
        <OAuthConnect state={state} />
        <PitForm state={state} />
      </section>
      <section aria-labelledby="automations-heading">
        <h2 id="automations-heading">Automations</h2>
        <AutomationsEditor />
      </section>
      <OAuthAppForm state={state} />
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites</h2>
        {SITE_ADAPTERS.map((adapter) => (
          <SiteSettings
            key={adapter.id}
            adapter={adapter}
            state={state}
            connections={status?.connections ?? []}
          />
        ))}
      </section>
    </main>
  );
}

function ConnectionRow({ connection, state }: { connection: ConnectionInfo; state: OptionsState }) {
  const test = state.tests.value[connection.locationId];
  const rate = state.status.value?.rates?.[connection.locationId];
  const canWrite = connection.scopes.includes('contacts.write');
  return (
    <li class="opt-connection" data-location-id={connection.locationId}>
      <div class="opt-connection-head">
        <strong>{connection.locationName ?? connection.locationId}</strong>
        <span class="opt-badge">{connection.mode === 'pit' ? 'Private Integration Token' : 'OAuth'}</span>
        <span class="opt-badge" data-testid="access">
          {canWrite ? 'Read and write' : 'Read only'}
        </span>
      </div>
      <dl class="opt-facts">
        <dt>Location id</dt>
        <dd>{connection.locationId}</dd>
        <dt>Scopes</dt>
        <dd>{connection.scopes.join(' ') || 'none'}</dd>
        <dt>Connected</dt>
        <dd>{formatDateTime(new Date(connection.connectedAt).toISOString())}</dd>
        {connection.accessExpiresAt ? (
          <>
            <dt>Access expires</dt>
            <dd>{formatDateTime(new Date(connection.accessExpiresAt).toISOString())}</dd>
          </>
        ) : null}
        {rate ? (
          <>
            <dt>Rate limit</dt>
            <dd data-testid="rate">
              {rate.exhausted
                ? "Today's quota is used up"
                : `${rate.remaining} of ${rate.limit} requests left per ${rate.intervalMs / 1000} s`}
              {rate.dailyRemaining !== null
                ? `; ${rate.dailyRemaining} of ${rate.dailyLimit ?? '?'} today`
                : ''}
            </dd>
          </>
        ) : null}
        {connection.lastRefreshAt ? (
          <>
            <dt>Last refresh</dt>
            <dd>{formatDateTime(new Date(connection.lastRefreshAt).toISOString())}</dd>
          </>
        ) : null}
      </dl>
      <div class="opt-actions">
        <button type="button" onClick={() => void state.test(connection.locationId)}>
          Test connection
        </button>
        {!canWrite && connection.mode === 'oauth' ? (
          <button type="button" onClick={() => void state.connectOAuth(true)}>
            Grant write access
          </button>
        ) : null}
        <button type="button" onClick={() => void state.remove(connection.locationId)}>
          Disconnect
        </button>
      </div>
      {test === 'running' ? (
        <p role="status">Testing…</p>
      ) : Array.isArray(test) ? (
        <ul class="opt-checks" data-testid="checks">
          {test.map((check) => (
            <li key={check.name} data-ok={check.ok}>
              {check.ok ? '✓' : '✗'} {check.name}
              {check.error ? ` — ${errorSentence(check.error)}` : ''}
            </li>
          ))}
        </ul>
      ) : test ? (
        <p role="alert">{errorSentence(test)}</p>
      ) : null}
    </li>
  );
}

function OAuthConnect({ state }: { state: OptionsState }) {
  const [write, setWrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const ready = state.oauthApp.value !== null;
  return (
    <section class="opt-form" aria-labelledby="oauth-heading">
      <h3 id="oauth-heading">Connect with HighLevel</h3>
      {ready ? (
        <>
          <p class="opt-hint">Opens HighLevel's consent page: pick the sub-account (location) and approve.</p>
          <label class="opt-inline">
            <input
              type="checkbox"
              checked={write}
              onChange={(e) => setWrite((e.target as HTMLInputElement).checked)}
            />
            Also allow changes (contacts.write)
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setMessage(null);
              const reply = await state.connectOAuth(write);
              setBusy(false);
              setMessage(
                reply.ok
                  ? { ok: true, text: `Connected to ${reply.value.locationName ?? reply.value.locationId}.` }
                  : { ok: false, text: errorSentence(reply.error) },
              );
            }}
          >
            {busy ? 'Waiting for HighLevel…' : 'Connect HighLevel'}
          </button>
        </>
      ) : (
        <p class="opt-hint">An admin sets up the HighLevel app below once; then connecting is one click.</p>
      )}
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} data-testid="oauth-result">
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

function OAuthAppForm({ state }: { state: OptionsState }) {
  const app = state.oauthApp.value;
  const [mode, setMode] = useState<'broker' | 'direct'>(app?.mode ?? 'broker');
  const [clientId, setClientId] = useState(app?.clientId ?? '');
  const [brokerUrl, setBrokerUrl] = useState(app?.brokerUrl ?? '');
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (!app) return;
    setMode(app.mode);
    setClientId(app.clientId);
    setBrokerUrl(app.brokerUrl ?? '');
  }, [app]);
  return (
    <section aria-labelledby="app-heading">
      <h2 id="app-heading">HighLevel app (admin)</h2>
      <form
        class="opt-form"
        onSubmit={async (event) => {
          event.preventDefault();
          const reply = await state.saveOAuthApp({
            mode,
            clientId: clientId.trim(),
            ...(mode === 'broker' ? { brokerUrl: brokerUrl.trim() } : {}),
            ...(mode === 'direct' && secret ? { clientSecret: secret } : {}),
          });
          setSecret('');
          setMessage(
            reply.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: errorSentence(reply.error) },
          );
        }}
      >
        <p class="opt-hint">
          Redirect URI to register on the Marketplace app:{' '}
          <code>{app?.redirectUri ?? '(shown after saving)'}</code>
        </p>
        <fieldset>
          <legend>Token exchange</legend>
          <label class="opt-inline">
            <input type="radio" name="mode" checked={mode === 'broker'} onChange={() => setMode('broker')} />
            Token broker (recommended: the client secret stays on your server)
          </label>
          <label class="opt-inline">
            <input type="radio" name="mode" checked={mode === 'direct'} onChange={() => setMode('direct')} />
            Direct (the client secret is stored in this browser; anyone with access to it can read it)
          </label>
        </fieldset>
        <label>
          Client id
          <input
            name="clientId"
            required
            value={clientId}
            onInput={(e) => setClientId((e.target as HTMLInputElement).value)}
          />
        </label>
        {mode === 'broker' ? (
          <label>
            Broker URL
            <input
              name="brokerUrl"
              type="url"
              required
              placeholder="https://broker.example.com"
              value={brokerUrl}
              onInput={(e) => setBrokerUrl((e.target as HTMLInputElement).value)}
            />
          </label>
        ) : (
          <label>
            Client secret {app?.hasClientSecret ? '(stored; leave empty to keep it)' : ''}
            <input
              name="clientSecret"
              type="password"
              autoComplete="off"
              required={!app?.hasClientSecret}
              value={secret}
              onInput={(e) => setSecret((e.target as HTMLInputElement).value)}
            />
          </label>
        )}
        <button type="submit">Save app</button>
        {message ? (
          <p role={message.ok ? 'status' : 'alert'} data-testid="app-result">
            {message.text}
          </p>
        ) : null}
      </form>
    </section>
  );
}

function PitForm({ state }: { state: OptionsState }) {
  const [token, setToken] = useState('');
  const [locationId, setLocationId] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      class="opt-form"
      aria-labelledby="pit-heading"
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setMessage(null);
        const reply = await state.addPit(token.trim(), locationId.trim());
        setBusy(false);
        if (reply.ok) {
          setToken('');
          setLocationId('');
          const access = reply.value.scopes.includes('contacts.write') ? 'read and write' : 'read only';
          setMessage({ ok: true, text: `Connected (${access}).` });
        } else setMessage({ ok: false, text: errorSentence(reply.error) });
      }}
    >
      <h3 id="pit-heading">Connect with a Private Integration Token</h3>
      <p class="opt-hint">
        In HighLevel: Settings → Private Integrations → Create, with the scopes contacts.readonly (and
        contacts.write to allow changes). The token stays in this browser's extension storage, encrypted.
      </p>
      <label>
        Private Integration Token
        <input
          name="pit"
          type="password"
          autoComplete="off"
          required
          value={token}
          onInput={(e) => setToken((e.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Location id
        <input
          name="locationId"
          required
          value={locationId}
          onInput={(e) => setLocationId((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Connecting…' : 'Connect'}
      </button>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} data-testid="pit-result">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

const FIELDS: { field: PageContactField; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'email', label: 'Email' },
  { field: 'phone', label: 'Phone' },
  { field: 'companyName', label: 'Company' },
];

function SiteSettings({
  adapter,
  state,
  connections,
}: {
  adapter: SiteAdapter;
  state: OptionsState;
  connections: ConnectionInfo[];
}) {
  const saved = state.overrides.value[adapter.id] ?? {};
  const [draft, setDraft] = useState<SiteOverrides>(saved);
  const [note, setNote] = useState('');
  useEffect(() => setDraft(state.overrides.value[adapter.id] ?? {}), [state.overrides.value, adapter.id]);
  const bound = state.bindings.value[adapter.id] ?? connections[0]?.locationId ?? '';
  return (
    <fieldset class="opt-site" data-site={adapter.id}>
      <legend>{adapter.label}</legend>
      {connections.length > 0 ? (
        <label>
          Reads from location
          <select
            value={bound}
            onChange={(e) => void state.bind(adapter.id, (e.target as HTMLSelectElement).value)}
          >
            {connections.map((c) => (
              <option key={c.locationId} value={c.locationId}>
                {c.locationName ?? c.locationId}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <details>
        <summary>Page recognition (advanced)</summary>
        <p class="opt-hint">
          Leave empty to use the built-in rules. The pattern is a regular expression tested against the page's
          path; its group <code>id</code> (or first group) is the record id. Selectors are CSS selectors whose
          text is the value.
        </p>
        <label>
          Contact URL pattern
          <input
            value={draft.contactUrlPattern ?? ''}
            placeholder={adapter.defaultContactUrlPattern}
            onInput={(e) =>
              setDraft({ ...draft, contactUrlPattern: (e.target as HTMLInputElement).value || undefined })
            }
          />
        </label>
        {FIELDS.map(({ field, label }) => (
          <label key={field}>
            {label} selector
            <input
              value={draft.selectors?.[field] ?? ''}
              onInput={(e) =>
                setDraft({
                  ...draft,
                  selectors: {
                    ...draft.selectors,
                    [field]: (e.target as HTMLInputElement).value || undefined,
                  },
                })
              }
            />
          </label>
        ))}
        <button
          type="button"
          onClick={async () => {
            const problem = validateOverrides(draft);
            if (problem) {
              setNote(problem);
              return;
            }
            await state.saveOverrides(adapter.id, draft);
            setNote('Saved.');
          }}
        >
          Save
        </button>
        {note ? <p role="status">{note}</p> : null}
      </details>
    </fieldset>
  );
}

export function validateOverrides(overrides: SiteOverrides): string | null {
  if (overrides.contactUrlPattern) {
    try {
      new RegExp(overrides.contactUrlPattern);
    } catch {
      return 'The URL pattern is not a valid regular expression.';
    }
  }
  for (const [field, selector] of Object.entries(overrides.selectors ?? {})) {
    if (!selector) continue;
    try {
      document.createDocumentFragment().querySelector(selector);
    } catch {
      return `The ${field} selector is not a valid CSS selector.`;
    }
  }
  return null;
}
