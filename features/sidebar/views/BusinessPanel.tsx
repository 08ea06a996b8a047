import { useEffect, useRef, useState } from 'preact/hooks';
import { errorSentence } from '../../../lib/ui/errors';
import { t } from '../../../lib/ui/i18n';
import type { BusinessList } from '../business';
import { virtualWindow } from '../virtual';

const ROW_HEIGHT = 44;
const VIEWPORT_HEIGHT = 320;

/** Where the list should scroll so that row `index` is in view (unchanged when it already is). */
export function scrollToShow(index: number, top: number, height: number, rowHeight = ROW_HEIGHT): number {
  const rowTop = index * rowHeight;
  if (rowTop < top) return rowTop;
  if (rowTop + rowHeight > top + height) return rowTop + rowHeight - height;
  return top;
}

/**
 * The business's contacts in a virtual list: only the rows in view (and a few more) exist in the DOM. From the
 * keyboard the list is one Tab stop (roving tabindex): arrows, Page Up/Down, Home and End move through the
 * rows, scrolling as they go; ArrowDown in the search box enters the list and ArrowUp on the first row leaves it.
 */
export function BusinessPanel({ list, currentContactId }: { list: BusinessList; currentContactId: string }) {
  const [view, setView] = useState({ top: 0, height: VIEWPORT_HEIGHT });
  const [active, setActiveState] = useState(0);
  // Keys can arrive faster than renders: handlers read the latest row from here, not from a render's closure.
  const activeRef = useRef(0);
  const setActive = (index: number) => {
    activeRef.current = index;
    setActiveState(index);
  };
  const moved = useRef(false);
  const scroller = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const total = list.total.value ?? 0;
  // Read so that the panel renders again when a page of rows arrives.
  list.version.value;
  const win = virtualWindow(total, ROW_HEIGHT, view.top, view.height);
  const hintId = `hls-business-hint-${currentContactId}`;
  // The list's one Tab stop: the active row, or the first row in view when the mouse has scrolled it away.
  const tabbable = active >= win.start && active < win.end ? active : win.start;
  useEffect(() => {
    void list.start();
  }, [list]);
  useEffect(() => {
    if (!moved.current) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-index="${activeRef.current}"]`);
    // Not rendered yet (End jumped to a page of rows still loading): focus it on the render that shows it.
    if (!row) return;
    moved.current = false;
    row.focus({ preventScroll: true });
  });

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    const el = scroller.current;
    if (el) {
      const height = el.clientHeight || VIEWPORT_HEIGHT;
      const top = scrollToShow(next, el.scrollTop, height);
      el.scrollTop = top;
      // Rendered at once for the new position, so the row exists to take focus.
      setView({ top, height });
    }
    moved.current = true;
    setActive(next);
  };

  return (
    <div class="hls-business">
      <label class="hls-search">
        <span class="hls-visually-hidden">{t('business_search')}</span>
        <input
          ref={search}
          type="search"
          placeholder={t('business_search')}
          value={list.query.value}
          aria-describedby={hintId}
          onInput={(event) => {
            list.search((event.target as HTMLInputElement).value);
            setActive(0);
            if (scroller.current) scroller.current.scrollTop = 0;
            setView((v) => ({ ...v, top: 0 }));
          }}
          onKeyDown={(event) => {
            if (event.key !== 'ArrowDown' || total === 0) return;
            event.preventDefault();
            moveTo(activeRef.current);
          }}
        />
      </label>
      <span id={hintId} class="hls-visually-hidden">
        {t('kbd_business_rows')}
      </span>
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
        ref={scroller}
        class="hls-business-scroll"
        // Not a Tab stop of its own: its rows are (Chromium makes scrollable boxes focusable otherwise).
        tabIndex={-1}
        onScroll={(event) => {
          const el = event.currentTarget as HTMLDivElement;
          setView({ top: el.scrollTop, height: el.clientHeight || VIEWPORT_HEIGHT });
        }}
      >
        <ul
          class="hls-business-list"
          aria-label={t('section_business')}
          aria-describedby={hintId}
          style={{ height: `${win.totalHeight}px` }}
          // One listener for every row: the rows come and go while scrolling.
          onFocusIn={(event) => {
            const row = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
            const index = Number(row?.dataset.index);
            if (Number.isInteger(index) && index !== activeRef.current) setActive(index);
          }}
          onKeyDown={(event) => {
            const page = Math.max(1, Math.floor(view.height / ROW_HEIGHT) - 1);
            const current = activeRef.current;
            const targets: Record<string, number> = {
              ArrowDown: current + 1,
              ArrowUp: current - 1,
              PageDown: current + page,
              PageUp: current - page,
              Home: 0,
              End: total - 1,
            };
            const next = targets[event.key];
            if (next === undefined) return;
            event.preventDefault();
            if (event.key === 'ArrowUp' && current === 0) search.current?.focus();
            else moveTo(next);
          }}
        >
          {Array.from({ length: win.end - win.start }, (_, i) => {
            const index = win.start + i;
            const row = list.row(index);
            return (
              <li
                key={index}
                class={`hls-business-row${row?.id === currentContactId ? ' hls-current' : ''}`}
                data-index={index}
                tabIndex={index === tabbable ? 0 : -1}
                aria-setsize={total}
                aria-posinset={index + 1}
                aria-current={row?.id === currentContactId ? 'true' : undefined}
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
