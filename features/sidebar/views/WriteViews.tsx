import { useEffect, useRef, useState } from 'preact/hooks';
import type { PageContact } from '../../../lib/host-page/sites/types';
import { errorSentence } from '../../../lib/ui/errors';
import { focusFollower, focusIn, trapTab, useDisclosureFocus } from '../../../lib/ui/focus';
import { t } from '../../../lib/ui/i18n';
import { type AssigneeSources, assigneeOptions, defaultAssignee } from '../assignees';
import type {
  ContactFieldsInput,
  ContactView,
  NoteView,
  SidebarWrite,
  TaskView,
  WriteReceipt,
} from '../protocol';

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
            {t(`write_kind_${receipt.kind.replace('.', '_')}`)} · {t(STATUS_KEY[receipt.status])}
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

/** Who else a task can go to, beyond the contact's owner: the connected user and the ids seen so far. */
export type AssigneePeople = Pick<AssigneeSources, 'meId' | 'seen'>;

/** The assignee, as a native select: every option is reachable with the arrow keys and by typing. */
function AssigneeSelect({
  value,
  sources,
  disabled,
  onChange,
}: {
  value: string;
  sources: AssigneeSources;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <label class="hls-assignee">
      <span class="hls-visually-hidden">{t('task_assignee')}</span>
      <select
        value={value}
        disabled={disabled}
        title={t('task_assignee')}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        {assigneeOptions(sources).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function QuickAddTask({
  contact,
  people = {},
  submit,
  disabled,
}: {
  contact: ContactView;
  people?: AssigneePeople;
  submit: Submit;
  disabled: boolean;
}) {
  const [title, setTitle] = useState('');
  const [preset, setPreset] = useState('tomorrow');
  const [date, setDate] = useState('');
  const [assignee, setAssignee] = useState(() => defaultAssignee({ ownerId: contact.assignedTo }));
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
          input: { title: title.trim(), dueDate, ...(assignee ? { assignedTo: assignee } : {}) },
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
        <AssigneeSelect
          value={assignee}
          sources={{ ownerId: contact.assignedTo, ...people }}
          disabled={disabled}
          onChange={setAssignee}
        />
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
  ownerId,
  people = {},
  submit,
  disabled,
}: {
  task: TaskView;
  contactId: string;
  /** The contact's owner, offered as an assignee. */
  ownerId?: string;
  people?: AssigneePeople;
  submit: Submit;
  disabled: boolean;
}) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(task.title);
  const [due, setDue] = useState(task.dueDate?.slice(0, 10) ?? '');
  const [assignee, setAssignee] = useState(task.assignedTo ?? '');
  const [deleting, setDeleting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const edit = useDisclosureFocus<HTMLButtonElement, HTMLInputElement>(editing);
  const undo = useDisclosureFocus<HTMLButtonElement, HTMLButtonElement>(deleting);
  useEffect(() => () => clearTimeout(timer.current), []);

  const startEditing = () => {
    setTitle(task.title);
    setDue(task.dueDate?.slice(0, 10) ?? '');
    setAssignee(task.assignedTo ?? '');
    setEditing(true);
  };

  if (deleting) {
    return (
      <span class="hls-undo" role="status">
        {t('task_deleted')}{' '}
        <button
          ref={undo.first}
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
        aria-label={`${t('edit')}: ${task.title}`}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.preventDefault();
          event.stopPropagation();
          setEditing(false);
        }}
        onSubmit={async (event) => {
          event.preventDefault();
          const patch: { title?: string; dueDate?: string; assignedTo?: string } = {};
          if (title.trim() && title.trim() !== task.title) patch.title = title.trim();
          if (due && due !== task.dueDate?.slice(0, 10))
            patch.dueDate = new Date(`${due}T09:00:00`).toISOString();
          if (assignee && assignee !== (task.assignedTo ?? '')) patch.assignedTo = assignee;
          const follow = focusFollower(event.currentTarget);
          if (Object.keys(patch).length)
            await submit({ kind: 'task.update', contactId, taskId: task.id, patch });
          setEditing(false);
          // A new due date can move the task to another group (a new row): focus follows it there.
          follow([`[data-task-id="${task.id}"] [data-action="edit"]`]);
        }}
      >
        <label>
          <span class="hls-visually-hidden">{t('task_title')}</span>
          <input
            ref={edit.first}
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
        <AssigneeSelect
          value={assignee}
          // HighLevel's task update takes a user id only: an assigned task cannot be made unassigned here.
          sources={{ ownerId, ...people, current: task.assignedTo, allowNobody: !task.assignedTo }}
          disabled={false}
          onChange={setAssignee}
        />
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
          onChange={async (event) => {
            const follow = focusFollower(event.currentTarget);
            await submit({ kind: 'task.complete', contactId, taskId: task.id, completed: !task.completed });
            // The task moves to another group (or into the folded "completed" one): focus follows it.
            follow([
              `[data-task-id="${task.id}"] input[type="checkbox"]`,
              '[data-group="completed"] > summary',
            ]);
          }}
        />
      </label>
      <span class="hls-task-buttons">
        <button
          ref={edit.trigger}
          type="button"
          data-action="edit"
          class="hls-text-button"
          disabled={disabled}
          onClick={startEditing}
          aria-label={`${t('edit')}: ${task.title}`}
        >
          {t('edit')}
        </button>
        <button
          ref={undo.trigger}
          type="button"
          data-action="delete"
          class="hls-text-button"
          disabled={disabled}
          aria-label={`${t('delete')}: ${task.title}`}
          onClick={() => {
            setDeleting(true);
            // The delete is sent only once the undo window has passed; the row then goes, and focus with it
            // would be lost: it moves to the tasks heading.
            timer.current = setTimeout(() => {
              const follow = undo.first.current ? focusFollower(undo.first.current) : null;
              void submit({ kind: 'task.delete', contactId, taskId: task.id });
              follow?.(['#hls-tasks-heading']);
            }, UNDO_MS);
          }}
        >
          {t('delete')}
        </button>
      </span>
    </span>
  );
}

const MAX_TAG_SUGGESTIONS = 8;

/** Suggestions for what is typed: tags seen in this location that the contact lacks, prefix matches first. */
export function tagMatches(suggestions: string[], typed: string, existing: string[]): string[] {
  const query = typed.trim().toLowerCase();
  const open = suggestions.filter((s) => !existing.includes(s));
  if (!query) return open.slice(0, MAX_TAG_SUGGESTIONS);
  const starts = open.filter((s) => s.toLowerCase().startsWith(query));
  const contains = open.filter((s) => !s.toLowerCase().startsWith(query) && s.toLowerCase().includes(query));
  return [...starts, ...contains].slice(0, MAX_TAG_SUGGESTIONS);
}

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

/** Escape closes an inline form, as Cancel does. */
function escapeCloses(close: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
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
