/** What every write view shares: how a write is sent, why writing is off, and Escape closing a form. */
import { t } from '../../../lib/ui/i18n';
import type { SidebarWrite } from '../protocol';

export type Submit = (write: SidebarWrite) => Promise<boolean>;

/** Why writing is off, and the way to turn it on. */
export function ReadOnlyNotice({ onGrant }: { onGrant: () => void }) {
  return (
    <p class="hls-readonly" data-state="read-only">
      {t('write_readonly')}{' '}
      <button type="button" class="hls-text-button" onClick={onGrant}>
        {t('write_grant')}
      </button>
    </p>
  );
}

/** Escape closes an inline form, as Cancel does. */
export function escapeCloses(close: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}

/** An inline form's Save (its submit) and Cancel. */
export function SaveCancel({ onCancel }: { onCancel: () => void }) {
  return (
    <>
      <button type="submit" class="hls-button">
        {t('save')}
      </button>
      <button type="button" class="hls-text-button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </>
  );
}
