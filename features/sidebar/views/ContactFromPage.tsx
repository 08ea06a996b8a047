import { useRef, useState } from 'preact/hooks';
import type { PageContact } from '../../../lib/host-page/sites/types';
import { focusFollower, focusIn, trapTab, useDisclosureFocus } from '../../../lib/ui/focus';
import { t } from '../../../lib/ui/i18n';
import type { ContactFieldsInput, ContactView } from '../protocol';
import { contactDiff, FIELD_LABEL, fieldsFromPage } from '../write-logic';
import { escapeCloses, type Submit } from './write-parts';

/** "Create in HighLevel", prefilled from the page; every field can be corrected first. */
export function CreateContactForm({
  page,
  submit,
  disabled,
}: {
  page: PageContact;
  submit: Submit;
  disabled: boolean;
}) {
  const [fields, setFields] = useState<ContactFieldsInput>(() => fieldsFromPage(page));
  const [open, setOpen] = useState(false);
  const focus = useDisclosureFocus<HTMLButtonElement, HTMLInputElement>(open);
  if (!open) {
    return (
      <button
        ref={focus.trigger}
        type="button"
        class="hls-button hls-primary"
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        {t('contact_create')}
      </button>
    );
  }
  return (
    <form
      class="hls-inline-form"
      aria-label={t('contact_create')}
      onKeyDown={escapeCloses(() => setOpen(false))}
      onSubmit={async (event) => {
        event.preventDefault();
        const follow = focusFollower(event.currentTarget);
        const input = Object.fromEntries(
          Object.entries(fields).filter(([, v]) => v?.trim()),
        ) as ContactFieldsInput;
        if (await submit({ kind: 'contact.create', hostRecordId: page.hostRecordId, input }))
          // The form gives way to the new contact once HighLevel has it: focus goes to its card.
          follow(['#hls-contact-heading'], 20_000);
      }}
    >
      {(Object.keys(FIELD_LABEL) as (keyof ContactFieldsInput)[]).map((key, index) => (
        <label key={key} class="hls-field-input">
          {t(FIELD_LABEL[key])}
          <input
            ref={index === 0 ? focus.first : undefined}
            class="hls-input"
            type="text"
            inputMode={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
            value={fields[key] ?? ''}
            onInput={(e) => setFields({ ...fields, [key]: (e.target as HTMLInputElement).value })}
          />
        </label>
      ))}
      <div class="hls-form-row">
        <button type="submit" class="hls-button hls-primary" disabled={disabled}>
          {t('contact_create_confirm')}
        </button>
        <button type="button" class="hls-text-button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

export function UpdateFromPage({
  contact,
  page,
  submit,
  disabled,
}: {
  contact: ContactView;
  page: PageContact;
  submit: Submit;
  disabled: boolean;
}) {
  const [open, setOpen] = useState(false);
  const diff = contactDiff(contact, page);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const focus = useDisclosureFocus<HTMLButtonElement, HTMLInputElement>(open);
  if (diff.length === 0) return null;
  if (!open) {
    return (
      <button
        ref={focus.trigger}
        type="button"
        class="hls-text-button"
        disabled={disabled}
        onClick={() => {
          setChosen(new Set(diff.map((d) => d.key)));
          setOpen(true);
        }}
      >
        {t('contact_update_from_page')}
      </button>
    );
  }
  return (
    <form
      class="hls-inline-form hls-diff"
      aria-label={t('contact_update_from_page')}
      onKeyDown={escapeCloses(() => setOpen(false))}
      onSubmit={async (event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const input = Object.fromEntries(
          diff.filter((d) => chosen.has(d.key)).map((d) => [d.key, d.page]),
        ) as ContactFieldsInput;
        if (Object.keys(input).length) await submit({ kind: 'contact.update', contactId: contact.id, input });
        // Once the page and HighLevel agree this button goes: focus rests on the contact's heading instead.
        focusIn(form, '#hls-contact-heading');
        setOpen(false);
      }}
    >
      <p>{t('contact_update_pick')}</p>
      {diff.map((d, index) => (
        <label key={d.key} class="hls-check">
          <input
            ref={index === 0 ? focus.first : undefined}
            type="checkbox"
            checked={chosen.has(d.key)}
            onChange={(e) => {
              const next = new Set(chosen);
              if ((e.target as HTMLInputElement).checked) next.add(d.key);
              else next.delete(d.key);
              setChosen(next);
            }}
          />
          <span>
            {d.label}: <del>{d.highLevel || '—'}</del> → <ins>{d.page}</ins>
          </span>
        </label>
      ))}
      <div class="hls-form-row">
        <button type="submit" class="hls-button hls-primary" disabled={chosen.size === 0}>
          {t('contact_update_confirm')}
        </button>
        <button type="button" class="hls-text-button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** Deleting a contact cannot be undone: a modal confirm, focus trapped inside, Cancel first and on Escape. */
export function DeleteContact({
  contact,
  submit,
  disabled,
}: {
  contact: ContactView;
  submit: Submit;
  disabled: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const focus = useDisclosureFocus<HTMLButtonElement, HTMLButtonElement>(confirming);
  const dialog = useRef<HTMLDivElement>(null);
  const id = `hls-delete-${contact.id}`;
  return (
    <>
      <button
        ref={focus.trigger}
        type="button"
        class="hls-text-button hls-danger"
        disabled={disabled}
        aria-haspopup="dialog"
        onClick={() => setConfirming(true)}
      >
        {t('contact_delete')}
      </button>
      {confirming ? (
        <div class="hls-modal-backdrop">
          <div
            ref={dialog}
            class="hls-confirm hls-modal"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-text`}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                event.stopPropagation();
                setConfirming(false);
              } else trapTab(event, dialog.current);
            }}
          >
            <h2 id={`${id}-title`} class="hls-section-title">
              {t('kbd_delete_dialog')}
            </h2>
            <p id={`${id}-text`}>{t('contact_delete_confirm', contact.name)}</p>
            <div class="hls-form-row">
              <button
                type="button"
                class="hls-button hls-danger"
                onClick={async () => {
                  const sent = await submit({ kind: 'contact.delete', contactId: contact.id });
                  setConfirming(false);
                  // Focus returns to "Delete contact" until HighLevel has deleted the contact; the card then
                  // goes, and focus moves to what replaces it.
                  const trigger = focus.trigger.current;
                  if (sent && trigger)
                    focusFollower(trigger)(
                      ['[data-state="no-match"] button', '.hls-candidate button'],
                      20_000,
                    );
                }}
              >
                {t('delete')}
              </button>
              <button ref={focus.first} type="button" class="hls-button" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </>
  );
}
