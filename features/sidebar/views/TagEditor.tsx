import { useState } from 'preact/hooks';
import { focusFollower } from '../../../lib/ui/focus';
import { t } from '../../../lib/ui/i18n';
import type { ContactView } from '../protocol';
import { tagMatches } from '../write-logic';
import type { Submit } from './write-parts';

/**
 * The contact's tags, each removable, and an input that suggests tags as a combobox (ARIA 1.2 pattern): arrows
 * move through the suggestions, Enter takes one, Escape closes them; Enter in the input adds the tag.
 */
export function TagEditor({
  contact,
  suggestions,
  submit,
  disabled,
}: {
  contact: ContactView;
  suggestions: string[];
  submit: Submit;
  disabled: boolean;
}) {
  const [tag, setTag] = useState('');
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = `hls-tags-${contact.id}`;
  const matches = expanded ? tagMatches(suggestions, tag, contact.tags) : [];
  const open = expanded && matches.length > 0;
  const choose = (value: string) => {
    setTag(value);
    setExpanded(false);
    setActive(-1);
  };
  return (
    <div class="hls-tag-editor">
      <ul class="hls-tags">
        {contact.tags.map((existing) => (
          <li key={existing} class="hls-tag">
            {existing}
            <button
              type="button"
              class="hls-tag-remove"
              disabled={disabled}
              aria-label={`${t('tag_remove')}: ${existing}`}
              onClick={(event) => {
                const follow = focusFollower(event.currentTarget);
                void submit({ kind: 'tags.remove', contactId: contact.id, tags: [existing] });
                // The button goes with its tag: focus moves to another tag's, else to the tag input.
                follow(['.hls-tag-remove', '.hls-tag-editor input']);
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        class="hls-form-row"
        onSubmit={async (event) => {
          event.preventDefault();
          const value = tag.trim();
          if (!value || contact.tags.includes(value)) return;
          if (await submit({ kind: 'tags.add', contactId: contact.id, tags: [value] })) setTag('');
        }}
      >
        <div class="hls-combobox">
          <label>
            <span class="hls-visually-hidden">{t('tag_add')}</span>
            <input
              class="hls-input"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={open}
              aria-controls={listId}
              aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
              autoComplete="off"
              placeholder={t('tag_add')}
              value={tag}
              maxLength={100}
              disabled={disabled}
              onInput={(e) => {
                setTag((e.target as HTMLInputElement).value);
                setExpanded(true);
                setActive(-1);
              }}
              onBlur={() => setExpanded(false)}
              onKeyDown={(event) => {
                if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                  event.preventDefault();
                  const list = tagMatches(suggestions, tag, contact.tags);
                  if (!list.length) return;
                  setExpanded(true);
                  const step = event.key === 'ArrowDown' ? 1 : -1;
                  const from = open ? active : step > 0 ? -1 : list.length;
                  setActive((from + step + list.length) % list.length);
                } else if (event.key === 'Enter' && open && active >= 0 && matches[active]) {
                  event.preventDefault();
                  choose(matches[active]);
                } else if (event.key === 'Escape' && open) {
                  event.preventDefault();
                  event.stopPropagation();
                  setExpanded(false);
                  setActive(-1);
                }
              }}
            />
          </label>
          <div
            id={listId}
            class="hls-suggestions"
            role="listbox"
            aria-label={t('kbd_tag_suggestions')}
            hidden={!open}
          >
            {matches.map((s, i) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys for its options.
              <div
                key={s}
                id={`${listId}-${i}`}
                role="option"
                // Options are pointed at (aria-activedescendant), never focused: focus stays in the input.
                tabIndex={-1}
                aria-selected={i === active}
                class={`hls-suggestion${i === active ? ' hls-active' : ''}`}
                // Keeps focus in the input, where the keys are handled.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(s)}
              >
                {s}
              </div>
            ))}
          </div>
        </div>
        <button type="submit" class="hls-button" disabled={disabled || !tag.trim()}>
          {t('tag_add_button')}
        </button>
      </form>
    </div>
  );
}
