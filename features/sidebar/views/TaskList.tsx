import type { ComponentChildren } from 'preact';
import { formatDate, type MessageKey, t } from '../../../lib/ui/i18n';
import type { TaskView } from '../protocol';

export type TaskGroup = 'overdue' | 'today' | 'upcoming' | 'noDate';

/** Open tasks by urgency, in due order; completed ones apart. */
export function groupTasks(tasks: TaskView[], now: Date = new Date()) {
  const startOfTomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
  const groups: Record<TaskGroup, TaskView[]> = { overdue: [], today: [], upcoming: [], noDate: [] };
  const completed: TaskView[] = [];
  for (const task of tasks) {
    if (task.completed) {
      completed.push(task);
      continue;
    }
    const due = task.dueDate ? Date.parse(task.dueDate) : Number.NaN;
    if (Number.isNaN(due)) groups.noDate.push(task);
    else if (due < now.getTime()) groups.overdue.push(task);
    else if (due < startOfTomorrow) groups.today.push(task);
    else groups.upcoming.push(task);
  }
  const byDue = (a: TaskView, b: TaskView) => (a.dueDate ?? '').localeCompare(b.dueDate ?? '');
  for (const list of Object.values(groups)) list.sort(byDue);
  return { groups, completed };
}

const GROUP_LABEL: Record<TaskGroup, MessageKey> = {
  overdue: 'tasks_overdue',
  today: 'tasks_today',
  upcoming: 'tasks_upcoming',
  noDate: 'tasks_no_date',
};

type TaskActionsSlot = (task: TaskView) => ComponentChildren;

function TaskItem({
  task,
  group,
  actions,
}: {
  task: TaskView;
  group?: TaskGroup;
  actions?: TaskActionsSlot;
}) {
  return (
    <li class={`hls-task${group === 'overdue' ? ' hls-task-overdue' : ''}`} data-task-id={task.id}>
      {actions ? actions(task) : null}
      <span class="hls-task-title">{task.title}</span>
      {task.dueDate ? <span class="hls-task-due">{formatDate(task.dueDate)}</span> : null}
      {task.body ? <p class="hls-task-body">{task.body}</p> : null}
    </li>
  );
}

export function TaskList({ tasks, actions }: { tasks: TaskView[]; actions?: TaskActionsSlot }) {
  const { groups, completed } = groupTasks(tasks);
  return (
    <div class="hls-tasks">
      {(Object.keys(groups) as TaskGroup[]).map((group) =>
        groups[group].length ? (
          <div key={group} class="hls-task-group" data-group={group}>
            <h3 class="hls-group-title">{t(GROUP_LABEL[group])}</h3>
            <ul class="hls-list">
              {groups[group].map((task) => (
                <TaskItem key={task.id} task={task} group={group} actions={actions} />
              ))}
            </ul>
          </div>
        ) : null,
      )}
      {completed.length ? (
        <details class="hls-task-group" data-group="completed">
          <summary class="hls-group-title">{t('tasks_completed', String(completed.length))}</summary>
          <ul class="hls-list">
            {completed.map((task) => (
              <TaskItem key={task.id} task={task} actions={actions} />
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
