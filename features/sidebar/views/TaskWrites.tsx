import { useEffect, useRef, useState } from 'preact/hooks';
import { focusFollower, useDisclosureFocus } from '../../../lib/ui/focus';
import { t } from '../../../lib/ui/i18n';
import { type AssigneeSources, assigneeOptions, defaultAssignee } from '../assignees';
import type { ContactView, TaskView } from '../protocol';
import { duePreset } from '../write-logic';
import { SaveCancel, type Submit } from './write-parts';

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
        <SaveCancel onCancel={() => setEditing(false)} />
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
