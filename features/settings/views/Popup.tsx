/** The toolbar popup: the connected locations and their access, or one click to connect. */
import { errorSentence } from '../../../lib/ui/errors';
import { HostAccessNotice } from '../../../lib/ui/HostAccessNotice';
import { t } from '../../../lib/ui/i18n';
import type { PopupState } from '../popup-state';

export function Popup({ state }: { state: PopupState }) {
  const status = state.status.value;
  const error = state.error.value;
  const busy = state.busy.value;
  const access = state.hostAccess.view.value;
  return (
    <main style={{ font: '14px system-ui, sans-serif', padding: '12px', minWidth: '260px' }}>
      <h1 style={{ fontSize: '15px', margin: '0 0 8px' }}>{t('extName')}</h1>
      {access?.granted === false ? <HostAccessNotice onAllow={state.hostAccess.allow} /> : null}
      {error ? (
        <p role="alert">{errorSentence(error)}</p>
      ) : !status ? (
        <p role="status">{t('popup_loading')}</p>
      ) : status.connections.length === 0 ? (
        <>
          <p>{t('sidebar_not_connected')}</p>
          <button type="button" onClick={() => void state.connect()} disabled={busy}>
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
          <button type="button" onClick={() => void state.openOptions()}>
            {t('sidebar_open_options')}
          </button>
        </>
      )}
    </main>
  );
}
