import { useEffect, useRef, useState } from 'preact/hooks';
import { errorSentence } from '../lib/errors';
import { t } from '../lib/i18n';
import type {
  ContactFieldsInput,
  ContactView,
  NoteView,
  SidebarWrite,
  TaskView,
  WriteReceipt,
} from '../lib/messaging/protocol';
import type { PageContact } from '../lib/sites/types';

export type Submit = (write: SidebarWrite, optimistic?: () => void) => Promise<boolean>;

/** Why writing is off, and the way to turn it on. */
export function ReadOnlyNotice({ onGrant }: { onGrant: () => void }) {
  return (
    <p class="hls-readonly" data-state="read-only">
      {t('write_readonly')}{' '}
      <button type="button" class="hls-text-button" onClick={onGrant}>
        {t('write_grant')}
      </button>
    </p>
  );
}

const STATUS_KEY: Record<WriteReceipt['status'], string> = {
  pending: 'receipt_pending',
  sending: 'receipt_pending',
  saved: 'receipt_saved',
  failed: 'receipt_failed',
  discarded: 'receipt_discarded',
};

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
        >
          <span>
            {t(`write_kind_${receipt.kind.replace('.', '_')}`)} · {t(STATUS_KEY[receipt.status])}
          </span>
          {receipt.status === 'failed' ? (
            <>
              {receipt.error ? <span class="hls-receipt-reason">{errorSentence(receipt.error)}</span> : null}
              <span class="hls-receipt-actions">
                <button type="button" class="hls-text-button" onClick={() => onRetry(receipt.id)}>
                  {t('section_retry')}
                </button>
                <button type="button" class="hls-text-button" onClick={() => onDiscard(receipt.id)}>
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

/** Due-date presets, as local times. */
export function duePreset(preset: string, now = new Date()): string {
  const at = (days: number, hour: number) =>
    new Date(now.getFullYear(), now.getMonth(), now.getDate() + days, hour, 0, 0).toISOString();
  switch (preset) {
    case 'today':
      return at(0, 17);
    case 'tomorrow':
      return at(1, 9);
    case 'in3':
      return at(3, 9);
    default:
      return at(7, 9);
  }
}

export function QuickAddTask({
  contact,
  submit,
  disabled,
}: {
  contact: ContactView;
  submit: Submit;
  disabled: boolean;
}) {
  const [title, setTitle] = useState('');
  const [preset, setPreset] = useState('tomorrow');
  const [date, setDate] = useState('');
  const [assign, setAssign] = useState(Boolean(contact.assignedTo));
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="hls-inline-form"
      aria-label={t('task_add')}
      onSubmit={async (event) => {
        event.preventDefault();
        if (!title.trim()) return;
        setBusy(true);
        const dueDate =
          preset === 'date' && date ? new Date(`${date}T09:00:00`).toISOString() : duePreset(preset);
        const saved = await submit({
          kind: 'task.create',
          contactId: contact.id,
          input: {
            title: title.trim(),
            dueDate,
            ...(assign && contact.assignedTo ? { assignedTo: contact.assignedTo } : {}),
          },
        });
        setBusy(false);
        if (saved) setTitle('');
      }}
    >
      <label class="hls-visually-hidden" for="hls-task-title">
        {t('task_title')}
      </label>
      <input
        id="hls-task-title"
        class="hls-input"
        placeholder={t('task_add_placeholder')}
        value={title}
        maxLength={300}
        disabled={disabled}
        onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
      />
      <div class="hls-form-row">
        <label>
          <span class="hls-visually-hidden">{t('task_due')}</span>
          <select
            value={preset}
            disabled={disabled}
            onChange={(e) => setPreset((e.target as HTMLSelectElement).value)}
          >
            <option value="today">{t('due_today')}</option>
            <option value="tomorrow">{t('due_tomorrow')}</option>
            <option value="in3">{t('due_in3')}</option>
            <option value="week">{t('due_week')}</option>
            <option value="date">{t('due_date')}</option>
          </select>
        </label>
        {preset === 'date' ? (
          <label>
            <span class="hls-visually-hidden">{t('task_due')}</span>
            <input
              type="date"
              class="hls-input"
              value={date}
              onInput={(e) => setDate((e.target as HTMLInputElement).value)}
            />
          </label>
        ) : null}
        {contact.assignedTo ? (
          <label class="hls-check">
            <input
              type="checkbox"
              checked={assign}
              disabled={disabled}
              onChange={(e) => setAssign((e.target as HTMLInputElement).checked)}
            />
            {t('task_assign_owner')}
          </label>
        ) : null}
        <button type="submit" class="hls-button hls-primary" disabled={disabled || busy || !title.trim()}>
          {t('task_add')}
        </button>
      </div>
    </form>
  );
}

const UNDO_MS = 5000;

/** Complete or reopen, edit in place, delete with an undo window. */
export function TaskActions({
  task,
  contactId,
  submit,
  disabled,
}: {
  task: TaskView;
  contactId: string;
  submit: Submit;
  disabled: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(task.title);
  const [due, setDue] = useState(task.dueDate?.slice(0, 10) ?? '');
  const [deleting, setDeleting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  if (deleting) {
    return (
      <span class="hls-undo" role="status">
        {t('task_deleted')}{' '}
        <button
          type="button"
          class="hls-text-button"
          onClick={() => {
            clearTimeout(timer.current);
            setDeleting(false);
          }}
        >
          {t('undo')}
        </button>
      </span>
    );
  }
  if (editing) {
    return (
      <form
        class="hls-inline-form"
        onSubmit={async (event) => {
          event.preventDefault();
          const patch: { title?: string; dueDate?: string } = {};
          if (title.trim() && title.trim() !== task.title) patch.title = title.trim();
          if (due && due !== task.dueDate?.slice(0, 10))
            patch.dueDate = new Date(`${due}T09:00:00`).toISOString();
          if (Object.keys(patch).length)
            await submit({ kind: 'task.update', contactId, taskId: task.id, patch });
          setEditing(false);
        }}
      >
        <label>
          <span class="hls-visually-hidden">{t('task_title')}</span>
          <input
            class="hls-input"
            value={title}
            maxLength={300}
            onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          <span class="hls-visually-hidden">{t('task_due')}</span>
          <input
            type="date"
            class="hls-input"
            value={due}
            onInput={(e) => setDue((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" class="hls-button">
          {t('save')}
        </button>
        <button type="button" class="hls-text-button" onClick={() => setEditing(false)}>
          {t('cancel')}
        </button>
      </form>
    );
  }
  return (
    <span class="hls-task-actions">
      <label class="hls-check">
        <input
          type="checkbox"
          checked={task.completed}
          disabled={disabled}
          aria-label={task.completed ? t('task_reopen') : t('task_complete')}
          onChange={() =>
            void submit({ kind: 'task.complete', contactId, taskId: task.id, completed: !task.completed })
          }
        />
      </label>
      <span class="hls-task-buttons">
        <button
          type="button"
          class="hls-text-button"
          disabled={disabled}
          onClick={() => setEditing(true)}
          aria-label={`${t('edit')}: ${task.title}`}
        >
          {t('edit')}
        </button>
        <button
          type="button"
          class="hls-text-button"
          disabled={disabled}
          aria-label={`${t('delete')}: ${task.title}`}
          onClick={() => {
            setDeleting(true);
            // The delete is sent only once the undo window has passed.
            timer.current = setTimeout(
              () => void submit({ kind: 'task.delete', contactId, taskId: task.id }),
              UNDO_MS,
            );
          }}
        >
          {t('delete')}
        </button>
      </span>
    </span>
  );
}

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
  const listId = `hls-tags-${contact.id}`;
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
              onClick={() => void submit({ kind: 'tags.remove', contactId: contact.id, tags: [existing] })}
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
        <label>
          <span class="hls-visually-hidden">{t('tag_add')}</span>
          <input
            class="hls-input"
            list={listId}
            placeholder={t('tag_add')}
            value={tag}
            maxLength={100}
            disabled={disabled}
            onInput={(e) => setTag((e.target as HTMLInputElement).value)}
          />
        </label>
        <datalist id={listId}>
          {suggestions
            .filter((s) => !contact.tags.includes(s))
            .map((s) => (
              <option key={s} value={s} />
            ))}
        </datalist>
        <button type="submit" class="hls-button" disabled={disabled || !tag.trim()}>
          {t('tag_add_button')}
        </button>
      </form>
    </div>
  );
}

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
  if (!editing) {
    return (
      <button type="button" class="hls-text-button" disabled={disabled} onClick={() => setEditing(true)}>
        {t('edit')}
      </button>
    );
  }
  return (
    <form
      class="hls-inline-form"
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
          class="hls-input"
          rows={4}
          value={body}
          onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="submit" class="hls-button">
        {t('save')}
      </button>
      <button type="button" class="hls-text-button" onClick={() => setEditing(false)}>
        {t('cancel')}
      </button>
    </form>
  );
}

export function fieldsFromPage(page: PageContact): ContactFieldsInput {
  const [first, ...rest] = (page.name ?? '').trim().split(/\s+/);
  const fields: ContactFieldsInput = {
    firstName: page.firstName ?? first ?? undefined,
    lastName: page.lastName ?? (rest.join(' ') || undefined),
    email: page.email,
    phone: page.phone,
    companyName: page.companyName,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v)) as ContactFieldsInput;
}

const FIELD_LABEL: Record<keyof ContactFieldsInput, string> = {
  firstName: 'field_first_name',
  lastName: 'field_last_name',
  email: 'card_email',
  phone: 'card_phone',
  companyName: 'card_company',
};

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
  if (!open) {
    return (
      <button type="button" class="hls-button hls-primary" disabled={disabled} onClick={() => setOpen(true)}>
        {t('contact_create')}
      </button>
    );
  }
  return (
    <form
      class="hls-inline-form"
      aria-label={t('contact_create')}
      onSubmit={async (event) => {
        event.preventDefault();
        const input = Object.fromEntries(
          Object.entries(fields).filter(([, v]) => v?.trim()),
        ) as ContactFieldsInput;
        await submit({ kind: 'contact.create', hostRecordId: page.hostRecordId, input });
      }}
    >
      {(Object.keys(FIELD_LABEL) as (keyof ContactFieldsInput)[]).map((key) => (
        <label key={key} class="hls-field-input">
          {t(FIELD_LABEL[key])}
          <input
            class="hls-input"
            type="text"
            inputMode={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
            value={fields[key] ?? ''}
            onInput={(e) => setFields({ ...fields, [key]: (e.target as HTMLInputElement).value })}
          />
        </label>
      ))}
      <button type="submit" class="hls-button hls-primary" disabled={disabled}>
        {t('contact_create_confirm')}
      </button>
    </form>
  );
}

/** The page's fields against HighLevel's, one by one: the agent ticks what to copy over. */
export function contactDiff(contact: ContactView, page: PageContact) {
  const fromPage = fieldsFromPage(page);
  const current: ContactFieldsInput = {
    firstName: contact.firstName,
    lastName: contact.lastName,
    email: contact.email,
    phone: contact.phone,
    companyName: contact.companyName,
  };
  const norm = (key: keyof ContactFieldsInput, value: string | undefined) =>
    key === 'phone' ? (value ?? '').replace(/\D/g, '') : (value ?? '').trim().toLowerCase();
  return (Object.keys(FIELD_LABEL) as (keyof ContactFieldsInput)[])
    .filter((key) => fromPage[key] && norm(key, fromPage[key]) !== norm(key, current[key]))
    .map((key) => ({
      key,
      label: t(FIELD_LABEL[key]),
      highLevel: current[key] ?? '',
      page: fromPage[key] ?? '',
    }));
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
  if (diff.length === 0) return null;
  if (!open) {
    return (
      <button
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
      onSubmit={async (event) => {
        event.preventDefault();
        const input = Object.fromEntries(
          diff.filter((d) => chosen.has(d.key)).map((d) => [d.key, d.page]),
        ) as ContactFieldsInput;
        if (Object.keys(input).length) await submit({ kind: 'contact.update', contactId: contact.id, input });
        setOpen(false);
      }}
    >
      <p>{t('contact_update_pick')}</p>
      {diff.map((d) => (
        <label key={d.key} class="hls-check">
          <input
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
      <button type="submit" class="hls-button hls-primary" disabled={chosen.size === 0}>
        {t('contact_update_confirm')}
      </button>
      <button type="button" class="hls-text-button" onClick={() => setOpen(false)}>
        {t('cancel')}
      </button>
    </form>
  );
}

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
  if (!confirming) {
    return (
      <button
        type="button"
        class="hls-text-button hls-danger"
        disabled={disabled}
        onClick={() => setConfirming(true)}
      >
        {t('contact_delete')}
      </button>
    );
  }
  return (
    <div class="hls-confirm" role="alertdialog" aria-label={t('contact_delete')}>
      <p>{t('contact_delete_confirm', contact.name)}</p>
      <button
        type="button"
        class="hls-button hls-danger"
        onClick={() => void submit({ kind: 'contact.delete', contactId: contact.id })}
      >
        {t('delete')}
      </button>
      <button type="button" class="hls-text-button" onClick={() => setConfirming(false)}>
        {t('cancel')}
      </button>
    </div>
  );
}
