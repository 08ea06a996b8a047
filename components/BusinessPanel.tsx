import { useEffect, useState } from 'preact/hooks';
import { errorSentence } from '../lib/errors';
import { t } from '../lib/i18n';
import type { BusinessList } from '../lib/sidebar/business';
import { virtualWindow } from '../lib/sidebar/virtual';

const ROW_HEIGHT = 44;
const VIEWPORT_HEIGHT = 320;

/** The business's contacts in a virtual list: only the rows in view (and a few more) exist in the DOM. */
export function BusinessPanel({ list, currentContactId }: { list: BusinessList; currentContactId: string }) {
  const [view, setView] = useState({ top: 0, height: VIEWPORT_HEIGHT });
  const total = list.total.value ?? 0;
  // Read so that the panel renders again when a page of rows arrives.
  list.version.value;
  const win = virtualWindow(total, ROW_HEIGHT, view.top, view.height);
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
      <div
        class="hls-business-scroll"
        onScroll={(event) => {
          const el = event.currentTarget as HTMLDivElement;
          setView({ top: el.scrollTop, height: el.clientHeight || VIEWPORT_HEIGHT });
        }}
      >
        <ul
          class="hls-business-list"
          aria-label={t('section_business')}
          style={{ height: `${win.totalHeight}px` }}
        >
          {Array.from({ length: win.end - win.start }, (_, i) => {
            const index = win.start + i;
            const row = list.row(index);
            return (
              <li
                key={index}
                class={`hls-business-row${row?.id === currentContactId ? ' hls-current' : ''}`}
                data-index={index}
                style={{ transform: `translateY(${index * ROW_HEIGHT}px)`, height: `${ROW_HEIGHT}px` }}
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
