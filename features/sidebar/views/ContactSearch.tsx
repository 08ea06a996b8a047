import { useEffect, useRef, useState } from 'preact/hooks';
import { errorSentence } from '../../../lib/ui/errors';
import { type MessageKey, t, tCount } from '../../../lib/ui/i18n';
import type { ContactView } from '../protocol';
import type { ContactSearch, SearchState } from '../search';

/** What a result shows under its name: email, phone and company, the ones it has. */
export function resultDetails(contact: ContactView): string {
  return [contact.email, contact.phone, contact.companyName].filter(Boolean).join(' · ');
}

function statusText(result: SearchState): string {
  switch (result.state) {
    case 'short':
      return t('search_short');
    case 'loading':
      return t('search_loading');
    case 'ready':
      return result.contacts.length === 0
        ? t('search_empty', result.query)
        : tCount('search_count', result.contacts.length);
    default:
      return '';
  }
}

/**
 * A search over HighLevel as a combobox (ARIA 1.2 pattern): the input keeps focus, the results are a listbox
 * pointed at with aria-activedescendant. Up and Down move through the results, Enter picks one (or asks at once
 * when none is chosen), Escape closes the results, then clears the box, then — for a box that can close —
 * closes it. Loading, nothing found and errors (with Retry) are said in a live region.
 */
export function ContactSearchBox({
  search,
  idPrefix,
  label = 'search_label',
  autoFocus = false,
  onPick,
  onEscape,
}: {
  search: ContactSearch;
  /** Unique in the document: ids of the input, the list and its options. */
  idPrefix: string;
  label?: MessageKey;
  autoFocus?: boolean;
  /** `from`: the input, so that focus can follow what replaces the box. */
  onPick: (contactId: string, from: HTMLElement) => void;
  /** Escape in an empty box: the box closes (when it can). */
  onEscape?: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(-1);
  const [expanded, setExpanded] = useState(true);
  const result = search.result.value;
  const contacts = result.state === 'ready' ? result.contacts : [];
  const open = expanded && contacts.length > 0;
  const current = active < contacts.length ? active : -1;
  const ids = {
    input: `${idPrefix}-input`,
    list: `${idPrefix}-list`,
    hint: `${idPrefix}-hint`,
    option: (index: number) => `${idPrefix}-option-${index}`,
  };
  useEffect(() => {
    if (autoFocus) input.current?.focus();
  }, [autoFocus]);
  // New results: nothing chosen yet, and the list shows again.
  useEffect(() => {
    setActive(-1);
    setExpanded(true);
  }, [result]);

  const pick = (contact: ContactView | undefined) => {
    if (contact && input.current) onPick(contact.id, input.current);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = contacts.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const from = open ? current : step > 0 ? -1 : count;
      setExpanded(true);
      setActive((from + step + count) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (open && current >= 0) pick(contacts[current]);
      else search.now();
    } else if (event.key === 'Escape') {
      if (open) {
        setExpanded(false);
        setActive(-1);
      } else if (search.text.value) search.clear();
      else if (onEscape) onEscape();
      else return;
      // Handled here: the frame must not take it for "leave the sidebar".
      event.preventDefault();
    }
  };

  const status = statusText(result);
  return (
    <div class="hls-contact-search" data-search={idPrefix} data-search-state={result.state}>
      <label class="hls-search-label" for={ids.input}>
        {t(label)}
      </label>
      <input
        ref={input}
        id={ids.input}
        class="hls-input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={ids.list}
        aria-activedescendant={open && current >= 0 ? ids.option(current) : undefined}
        aria-describedby={ids.hint}
        autoComplete="off"
        spellcheck={false}
        maxLength={75}
        placeholder={t('search_placeholder')}
        value={search.text.value}
        onInput={(event) => {
          search.input((event.target as HTMLInputElement).value);
          setActive(-1);
          setExpanded(true);
        }}
        onKeyDown={onKeyDown}
      />
      <span id={ids.hint} class="hls-visually-hidden">
        {t('search_hint')}
      </span>
      <p class="hls-count" role="status">
        {status}
      </p>
      <div
        id={ids.list}
        class="hls-search-results"
        role="listbox"
        aria-label={t('search_results')}
        hidden={!open}
      >
        {contacts.map((contact, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for its options.
          <div
            key={contact.id}
            id={ids.option(index)}
            role="option"
            // Options are pointed at (aria-activedescendant), never focused: focus stays in the input.
            tabIndex={-1}
            aria-selected={index === current}
            class={`hls-search-result${index === current ? ' hls-active' : ''}`}
            data-contact-id={contact.id}
            // Keeps focus in the input, where the keys are handled.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(contact)}
          >
            <span class="hls-row-name">
              {contact.name || contact.email || contact.phone || contact.id}
              {result.state === 'ready' && result.exact ? (
                <span class="hls-badge">{t('search_exact')}</span>
              ) : null}
            </span>
            <span class="hls-row-sub">{resultDetails(contact)}</span>
          </div>
        ))}
      </div>
      {result.state === 'error' ? (
        <div class="hls-error" role="alert">
          <p>{errorSentence(result.error)}</p>
          <button
            type="button"
            class="hls-button"
            onClick={() => {
              // The button goes while the search runs again: focus waits in the box.
              input.current?.focus();
              search.now();
            }}
          >
            {t('section_retry')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
