/** One clear sentence for each kind of error a reply can carry, and the action that helps, if any. */

import type { ErrorView } from '../messaging/reply';
import { formatDateTime, t, underscored } from './i18n';

export type ErrorAction = 'retry' | 'connect' | 'grant-write' | 'options' | 'allow' | null;

export function errorSentence(error: ErrorView): string {
  switch (error.kind) {
    case 'scope.missing':
      return t('error_scope_missing', error.scope ?? 'contacts.write');
    case 'rate.limited':
      if (error.daily) return t('error_rate_daily');
      return error.retryAt
        ? t('error_rate_burst_until', formatDateTime(new Date(error.retryAt).toISOString()))
        : t('error_rate_burst');
    case 'validation':
      return error.messages?.length
        ? t('error_validation_with', error.messages.join('; '))
        : t('error_validation');
    case 'response.invalid':
      return t('error_response_invalid', error.path ?? '?');
    default:
      return t(`error_${underscored(error.kind)}`);
  }
}

export function errorAction(error: ErrorView): ErrorAction {
  switch (error.kind) {
    case 'not.connected':
    case 'auth.expired':
      return 'connect';
    case 'scope.missing':
      return 'grant-write';
    // The browser withholds the host permission: "Allow access" asks it again (HostAccessNotice).
    case 'permission.missing':
      return 'allow';
    case 'location.forbidden':
    case 'auth.config':
    case 'auth.refused':
      return 'options';
    case 'sender.denied':
    case 'payload.invalid':
    case 'validation':
      return null;
    default:
      return 'retry';
  }
}
