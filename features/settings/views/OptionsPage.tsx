import { useEffect, useState } from 'preact/hooks';
import { SITE_ADAPTERS } from '../../../lib/host-page/sites';
import type { PageContactField, SiteAdapter, SiteOverrides } from '../../../lib/host-page/sites/types';
import { validOverride } from '../../../lib/host-page/sites/url';
import type { ConnectionInfo } from '../../../lib/storage/items';
import { errorSentence } from '../../../lib/ui/errors';
import { HostAccessNotice } from '../../../lib/ui/HostAccessNotice';
import { formatDateTime, formatNumber, lazyLabels, t } from '../../../lib/ui/i18n';
import { AutomationsEditor } from '../../automations/views/AutomationsEditor';
import { RecipesSection } from '../../recipes/views/RecipesSection';
import type { OptionsState } from '../state';

export function OptionsPage({ state }: { state: OptionsState }) {
  useEffect(() => {
    void state.refresh();
  }, [state]);
  const status = state.status.value;
  const access = state.hostAccess.view.value;
  return (
    <main class="opt-main">
      <h1>{t('extName')}</h1>
      {access?.granted === false ? (
        <HostAccessNotice class="opt-host-access" onAllow={state.hostAccess.allow} />
      ) : null}
      {state.statusError.value ? <p role="alert">{errorSentence(state.statusError.value)}</p> : null}
      <section aria-labelledby="connections-heading">
        <h2 id="connections-heading">{t('options_connections')}</h2>
        {status === null ? (
          <p role="status">{t('options_loading')}</p>
        ) : status.connections.length === 0 ? (
          <p data-testid="no-connections">{t('options_no_connections')}</p>
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
        <h2 id="automations-heading">{t('options_automations')}</h2>
        <AutomationsEditor />
      </section>
      <OAuthAppForm state={state} />
      <section aria-labelledby="sites-heading">
        <h2 id="sites-heading">{t('options_sites')}</h2>
        {SITE_ADAPTERS.map((adapter) => (
          <SiteSettings
            key={adapter.id}
            adapter={adapter}
            state={state}
            connections={status?.connections ?? []}
          />
        ))}
        <RecipesSection />
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
        <span class="opt-badge">{connection.mode === 'pit' ? t('options_mode_pit') : 'OAuth'}</span>
        <span class="opt-badge" data-testid="access">
          {canWrite ? t('options_access_write') : t('options_access_read')}
        </span>
      </div>
      <dl class="opt-facts">
        <dt>{t('options_location_id')}</dt>
        <dd>{connection.locationId}</dd>
        <dt>{t('options_scopes')}</dt>
        <dd>{connection.scopes.join(' ') || t('options_scopes_none')}</dd>
        <dt>{t('options_connected_at')}</dt>
        <dd>{formatDateTime(new Date(connection.connectedAt).toISOString())}</dd>
        {connection.accessExpiresAt ? (
          <>
            <dt>{t('options_access_expires')}</dt>
            <dd>{formatDateTime(new Date(connection.accessExpiresAt).toISOString())}</dd>
          </>
        ) : null}
        {rate ? (
          <>
            <dt>{t('options_rate_limit')}</dt>
            <dd data-testid="rate">
              {rate.exhausted
                ? t('options_rate_exhausted')
                : t(
                    'options_rate_burst',
                    formatNumber(rate.remaining),
                    formatNumber(rate.limit),
                    formatNumber(rate.intervalMs / 1000),
                  )}
              {rate.dailyRemaining !== null
                ? t(
                    'options_rate_daily',
                    formatNumber(rate.dailyRemaining),
                    rate.dailyLimit === null ? '?' : formatNumber(rate.dailyLimit),
                  )
                : ''}
            </dd>
          </>
        ) : null}
        {connection.lastRefreshAt ? (
          <>
            <dt>{t('options_last_refresh')}</dt>
            <dd>{formatDateTime(new Date(connection.lastRefreshAt).toISOString())}</dd>
          </>
        ) : null}
      </dl>
      {connection.reconnect ? (
        <p role="alert" data-testid="reconnect">
          {t('options_reconnect_app_changed')}
        </p>
      ) : null}
      <div class="opt-actions">
        {connection.reconnect ? (
          <button type="button" onClick={() => void state.connectOAuth(canWrite)}>
            {t('options_connect_again')}
          </button>
        ) : null}
        <button type="button" onClick={() => void state.test(connection.locationId)}>
          {t('options_test')}
        </button>
        {!canWrite && connection.mode === 'oauth' && !connection.reconnect ? (
          <button type="button" onClick={() => void state.connectOAuth(true)}>
            {t('options_grant_write')}
          </button>
        ) : null}
        <button type="button" onClick={() => void state.remove(connection.locationId)}>
          {t('options_disconnect')}
        </button>
      </div>
      {test === 'running' ? (
        <p role="status">{t('options_testing')}</p>
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
      <h3 id="oauth-heading">{t('options_oauth_heading')}</h3>
      {ready ? (
        <>
          <p class="opt-hint">{t('options_oauth_hint')}</p>
          <label class="opt-inline">
            <input
              type="checkbox"
              checked={write}
              onChange={(e) => setWrite((e.target as HTMLInputElement).checked)}
            />
            {t('options_oauth_write')}
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
                  ? {
                      ok: true,
                      text: t('options_connected_to', reply.value.locationName ?? reply.value.locationId),
                    }
                  : { ok: false, text: errorSentence(reply.error) },
              );
            }}
          >
            {busy ? t('options_oauth_waiting') : t('sidebar_connect')}
          </button>
        </>
      ) : (
        <p class="opt-hint">{t('options_oauth_needs_app')}</p>
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
      <h2 id="app-heading">{t('options_app_heading')}</h2>
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
            reply.ok
              ? { ok: true, text: t('options_saved') }
              : { ok: false, text: errorSentence(reply.error) },
          );
        }}
      >
        <p class="opt-hint">
          {t('options_redirect_uri')} <code>{app?.redirectUri ?? t('options_redirect_after_save')}</code>
        </p>
        <fieldset>
          <legend>{t('options_token_exchange')}</legend>
          <label class="opt-inline">
            <input type="radio" name="mode" checked={mode === 'broker'} onChange={() => setMode('broker')} />
            {t('options_mode_broker')}
          </label>
          <label class="opt-inline">
            <input type="radio" name="mode" checked={mode === 'direct'} onChange={() => setMode('direct')} />
            {t('options_mode_direct')}
          </label>
        </fieldset>
        <label>
          {t('options_client_id')}
          <input
            name="clientId"
            required
            value={clientId}
            onInput={(e) => setClientId((e.target as HTMLInputElement).value)}
          />
        </label>
        {mode === 'broker' ? (
          <label>
            {t('options_broker_url')}
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
            {t('options_client_secret')} {app?.hasClientSecret ? t('options_secret_stored') : ''}
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
        <button type="submit">{t('options_save_app')}</button>
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
          const text = reply.value.scopes.includes('contacts.write')
            ? t('options_pit_connected_write')
            : t('options_pit_connected_read');
          setMessage({ ok: true, text });
        } else setMessage({ ok: false, text: errorSentence(reply.error) });
      }}
    >
      <h3 id="pit-heading">{t('options_pit_heading')}</h3>
      <p class="opt-hint">{t('options_pit_hint')}</p>
      <label>
        {t('options_mode_pit')}
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
        {t('options_location_id')}
        <input
          name="locationId"
          required
          value={locationId}
          onInput={(e) => setLocationId((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? t('options_connecting') : t('options_connect')}
      </button>
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} data-testid="pit-result">
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

// Whole phrases per field: "the phone selector" is not a word-for-word join in Spanish.
type SelectorField = Extract<PageContactField, 'name' | 'email' | 'phone' | 'companyName'>;
const SELECTOR_LABELS = lazyLabels<SelectorField>({
  name: () => t('options_selector_name'),
  email: () => t('options_selector_email'),
  phone: () => t('options_selector_phone'),
  companyName: () => t('options_selector_company'),
});
const INVALID_SELECTOR = lazyLabels<SelectorField>({
  name: () => t('options_invalid_selector_name'),
  email: () => t('options_invalid_selector_email'),
  phone: () => t('options_invalid_selector_phone'),
  companyName: () => t('options_invalid_selector_company'),
});
const FIELDS: readonly SelectorField[] = ['name', 'email', 'phone', 'companyName'];

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
          {t('options_reads_from')}
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
        <summary>{t('options_recognition')}</summary>
        <p class="opt-hint">
          {t('options_recognition_hint_before')} <code>id</code> {t('options_recognition_hint_after')}
        </p>
        <label>
          {t('options_contact_url_pattern')}
          <input
            value={draft.contactUrlPattern ?? ''}
            placeholder={adapter.contactRoutes[0]}
            onInput={(e) =>
              setDraft({ ...draft, contactUrlPattern: (e.target as HTMLInputElement).value || undefined })
            }
          />
        </label>
        {FIELDS.map((field) => (
          <label key={field}>
            {SELECTOR_LABELS[field]}
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
            setNote(t('options_saved'));
          }}
        >
          {t('save')}
        </button>
        {note ? <p role="status">{note}</p> : null}
      </details>
    </fieldset>
  );
}

export function validateOverrides(overrides: SiteOverrides): string | null {
  if (overrides.contactUrlPattern && !validOverride(overrides.contactUrlPattern))
    return t('options_invalid_pattern');
  for (const [field, selector] of Object.entries(overrides.selectors ?? {})) {
    if (!selector) continue;
    try {
      document.createDocumentFragment().querySelector(selector);
    } catch {
      return INVALID_SELECTOR[field as SelectorField] ?? t('options_invalid_selector', field);
    }
  }
  return null;
}
