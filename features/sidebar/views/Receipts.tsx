import { errorSentence } from '../../../lib/ui/errors';
import { type MessageKey, t, underscored } from '../../../lib/ui/i18n';
import type { WriteReceipt } from '../protocol';

const STATUS_KEY: Record<WriteReceipt['status'], MessageKey> = {
  pending: 'receipt_pending',
  sending: 'receipt_pending',
  saved: 'receipt_saved',
  failed: 'receipt_failed',
  discarded: 'receipt_discarded',
};

/** A receipt's buttons go once it changes: focus stays on the receipt itself, then the action runs. */
function keepFocusOnReceipt(event: MouseEvent, act: () => void) {
  ((event.currentTarget as Element | null)?.closest('li') as HTMLElement | null)?.focus();
  act();
}

/** Every write's receipt: pending → saved, or failed with the reason, Retry and Discard. */
export function ReceiptList({
  receipts,
  onRetry,
  onDiscard,
}: {
  receipts: WriteReceipt[];
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
}) {
  if (receipts.length === 0) return null;
  return (
    <ul class="hls-receipts" aria-live="polite" aria-label={t('receipts_label')}>
      {receipts.map((receipt) => (
        <li
          key={receipt.id}
          class={`hls-receipt hls-receipt-${receipt.status}`}
          data-receipt={receipt.status}
          data-kind={receipt.kind}
          tabIndex={-1}
        >
          <span>
            {t(`write_kind_${underscored(receipt.kind)}`)} · {t(STATUS_KEY[receipt.status])}
          </span>
          {receipt.status === 'failed' ? (
            <>
              {receipt.error ? <span class="hls-receipt-reason">{errorSentence(receipt.error)}</span> : null}
              <span class="hls-receipt-actions">
                <button
                  type="button"
                  class="hls-text-button"
                  onClick={(event) => keepFocusOnReceipt(event, () => onRetry(receipt.id))}
                >
                  {t('section_retry')}
                </button>
                <button
                  type="button"
                  class="hls-text-button"
                  onClick={(event) => keepFocusOnReceipt(event, () => onDiscard(receipt.id))}
                >
                  {t('receipt_discard')}
                </button>
              </span>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
