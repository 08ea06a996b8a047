import { useState } from 'preact/hooks';
import { useDisclosureFocus } from '../../../lib/ui/focus';
import { t } from '../../../lib/ui/i18n';
import type { NoteView } from '../protocol';
import { escapeCloses, SaveCancel, type Submit } from './write-parts';

export function NoteComposer({
  contactId,
  submit,
  disabled,
}: {
  contactId: string;
  submit: Submit;
  disabled: boolean;
}) {
  const [body, setBody] = useState('');
  return (
    <form
      class="hls-inline-form"
      onSubmit={async (event) => {
        event.preventDefault();
        if (body.trim() && (await submit({ kind: 'note.create', contactId, input: { body: body.trim() } })))
          setBody('');
      }}
    >
      <label>
        <span class="hls-visually-hidden">{t('note_add')}</span>
        <textarea
          class="hls-input"
          rows={2}
          placeholder={t('note_add')}
          value={body}
          maxLength={20_000}
          disabled={disabled}
          onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="submit" class="hls-button" disabled={disabled || !body.trim()}>
        {t('note_save')}
      </button>
    </form>
  );
}

export function NoteEditButton({
  note,
  contactId,
  submit,
  disabled,
}: {
  note: NoteView;
  contactId: string;
  submit: Submit;
  disabled: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [body, setBody] = useState(note.body);
  const focus = useDisclosureFocus<HTMLButtonElement, HTMLTextAreaElement>(editing);
  if (!editing) {
    const excerpt = note.body.length > 40 ? `${note.body.slice(0, 40).trimEnd()}…` : note.body;
    return (
      <button
        ref={focus.trigger}
        type="button"
        class="hls-text-button"
        disabled={disabled}
        aria-label={t('note_edit_named', excerpt)}
        onClick={() => {
          setBody(note.body);
          setEditing(true);
        }}
      >
        {t('edit')}
      </button>
    );
  }
  return (
    <form
      class="hls-inline-form"
      aria-label={t('note_edit')}
      onKeyDown={escapeCloses(() => setEditing(false))}
      onSubmit={async (event) => {
        event.preventDefault();
        if (body.trim() && body !== note.body)
          await submit({ kind: 'note.update', contactId, noteId: note.id, patch: { body: body.trim() } });
        setEditing(false);
      }}
    >
      <label>
        <span class="hls-visually-hidden">{t('note_edit')}</span>
        <textarea
          ref={focus.first}
          class="hls-input"
          rows={4}
          value={body}
          onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <SaveCancel onCancel={() => setEditing(false)} />
    </form>
  );
}
