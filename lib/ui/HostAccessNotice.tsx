import { t } from './i18n';

interface HostAccessNoticeProps {
  /** Asks the browser for the host permissions: it must call `permissions.request` before anything is awaited. */
  onAllow: () => void;
  class?: string;
  buttonClass?: string;
}

/** The browser withholds the extension's host permissions: one sentence, and "Allow access". */
export function HostAccessNotice({ onAllow, class: className, buttonClass }: HostAccessNoticeProps) {
  return (
    <div class={className} role="alert" data-testid="host-access">
      <p>{t('host_access_missing')}</p>
      <button type="button" class={buttonClass} onClick={onAllow}>
        {t('host_access_allow')}
      </button>
    </div>
  );
}
