/** The toolbar popup: the connected locations and their access, or one click to connect. */
import { useEffect, useState } from 'preact/hooks';
import type { ErrorView } from '../../../lib/messaging/reply';
import { errorSentence } from '../../../lib/ui/errors';
import { t } from '../../../lib/ui/i18n';
import { sendMessage } from '../messenger';
import type { StatusView } from '../protocol';

export function Popup() {
  const [status, setStatus] = useState<StatusView | null>(null);
  const [error, setError] = useState<ErrorView | null>(null);
  useEffect(() => {
    sendMessage('status.get', {})
      .then((reply) => (reply.ok ? setStatus(reply.value) : setError(reply.error)))
      .catch(() => setError({ kind: 'internal' }));
  }, []);
  const [busy, setBusy] = useState(false);
  const openOptions = () => void sendMessage('options.open', undefined).finally(() => window.close());
  // One click: HighLevel's consent page when the app is configured, else the settings where an admin sets it up.
  const connect = async () => {
    if (!status?.oauthReady) return openOptions();
    setBusy(true);
    const reply = await sendMessage('connection.oauth', { write: false }).catch(() => null);
    setBusy(false);
    if (reply?.ok) {
      const next = await sendMessage('status.get', {}).catch(() => null);
      if (next?.ok) setStatus(next.value);
    } else setError(reply ? reply.error : { kind: 'internal' });
  };
  return (
    <main style={{ font: '14px system-ui, sans-serif', padding: '12px', minWidth: '260px' }}>
      <h1 style={{ fontSize: '15px', margin: '0 0 8px' }}>{t('extName')}</h1>
      {error ? (
        <p role="alert">{errorSentence(error)}</p>
      ) : !status ? (
        <p role="status">{t('popup_loading')}</p>
      ) : status.connections.length === 0 ? (
        <>
          <p>{t('sidebar_not_connected')}</p>
          <button type="button" onClick={() => void connect()} disabled={busy}>
            {t('sidebar_connect')}
          </button>
        </>
      ) : (
        <>
          <ul style={{ paddingLeft: '16px' }}>
            {status.connections.map((c) => (
              <li key={c.locationId}>
                {t(
                  'popup_connection',
                  c.locationName ?? c.locationId,
                  c.scopes.includes('contacts.write') ? t('popup_access_write') : t('popup_access_read'),
                )}
              </li>
            ))}
          </ul>
          <button type="button" onClick={openOptions}>
            {t('sidebar_open_options')}
          </button>
        </>
      )}
    </main>
  );
}
