import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { errorSentence } from '../lib/errors';
import { t } from '../lib/i18n';
import type { BusinessList } from '../lib/sidebar/business';

const ROW_HEIGHT = 44;

/** The business's contacts in a virtual list: only the rows in view (and a few more) exist in the DOM. */
export function BusinessPanel({ list, currentContactId }: { list: BusinessList; currentContactId: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useState(0);
  const total = list.total.value ?? 0;
  list.version.value;
  const virtualizer = useMemo(
    () =>
      new Virtualizer<HTMLDivElement, HTMLDivElement>({
        count: 0,
        getScrollElement: () => scrollRef.current,
        estimateSize: () => ROW_HEIGHT,
        overscan: 6,
        observeElementRect,
        observeElementOffset,
        scrollToFn: elementScroll,
        onChange: () => rerender((n) => n + 1),
      }),
    [],
  );
  virtualizer.setOptions({ ...virtualizer.options, count: total });
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  useEffect(() => {
    void list.start();
  }, [list]);

  return (
    <div class="hls-business">
      <label class="hls-search">
        <span class="hls-visually-hidden">{t('business_search')}</span>
        <input
          type="search"
          placeholder={t('business_search')}
          value={list.query.value}
          onInput={(event) => list.search((event.target as HTMLInputElement).value)}
        />
      </label>
      {list.error.value ? (
        <div class="hls-error" role="alert">
          <p>{errorSentence(list.error.value)}</p>
          <button type="button" class="hls-button" onClick={() => list.retry()}>
            {t('section_retry')}
          </button>
        </div>
      ) : null}
      <p class="hls-count" aria-live="polite">
        {list.total.value === null ? '' : t('business_count', String(total))}
      </p>
      <div ref={scrollRef} class="hls-business-scroll">
        <ul
          class="hls-business-list"
          aria-label={t('section_business')}
          style={{ height: `${virtualizer.getTotalSize()}px` }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const row = list.row(item.index);
            return (
              <li
                key={item.key}
                class={`hls-business-row${row?.id === currentContactId ? ' hls-current' : ''}`}
                data-index={item.index}
                style={{ transform: `translateY(${item.start}px)`, height: `${item.size}px` }}
              >
                {row ? (
                  <>
                    <span class="hls-row-name">{row.name}</span>
                    <span class="hls-row-sub">{row.email ?? row.phone ?? ''}</span>
                  </>
                ) : (
                  <span class="hls-skeleton-row" aria-hidden="true" />
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
