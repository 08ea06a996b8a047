import type { ComponentChildren } from 'preact';
import { errorAction, errorSentence } from './errors';
import { t } from './i18n';
import type { Loadable } from './loadable';

interface SectionProps<T> {
  id: string;
  title: string;
  data: Loadable<T>;
  isEmpty?: (value: T) => boolean;
  emptyText: string;
  onRetry: () => void;
  skeletonRows?: number;
  children: (value: T) => ComponentChildren;
}

/** One sidebar section: a skeleton while loading, an empty state, an error with Retry, stale data marked. */
export function Section<T>({
  id,
  title,
  data,
  isEmpty,
  emptyText,
  onRetry,
  skeletonRows = 3,
  children,
}: SectionProps<T>) {
  const headingId = `hls-${id}-heading`;
  const busy = data.state === 'loading';
  return (
    <section
      class="hls-section"
      aria-labelledby={headingId}
      aria-busy={busy}
      data-section={id}
      data-state={data.state}
    >
      {/* Focusable from script only: where focus rests when the control the agent used goes away. */}
      <h2 id={headingId} class="hls-section-title" tabIndex={-1}>
        {title}
        {data.state === 'ready' && data.stale ? (
          <span class="hls-stale">{t('section_refreshing')}</span>
        ) : null}
      </h2>
      {data.state === 'loading' && data.previous !== undefined ? (
        children(data.previous)
      ) : data.state === 'loading' || data.state === 'idle' ? (
        <div class="hls-skeleton" aria-hidden="true">
          {Array.from({ length: skeletonRows }, (_, i) => (
            <div key={i} class="hls-skeleton-row" />
          ))}
        </div>
      ) : data.state === 'error' ? (
        <div class="hls-error" role="alert">
          <p>{errorSentence(data.error)}</p>
          {errorAction(data.error) === 'retry' ? (
            <button type="button" class="hls-button" onClick={onRetry}>
              {t('section_retry')}
            </button>
          ) : null}
        </div>
      ) : isEmpty?.(data.value) ? (
        <p class="hls-empty">{emptyText}</p>
      ) : (
        children(data.value)
      )}
    </section>
  );
}
