/**
 * Who a task can be assigned to. HighLevel's contacts API has no users endpoint, so the picker offers what the
 * extension honestly knows: nobody, the contact's owner, the connected user ("Me", OAuth connections only), and
 * user ids already seen as assignees in this location, shown as the API gives them since no name is known.
 */
import { t } from '../../lib/ui/i18n';

export interface AssigneeOption {
  /** A HighLevel user id, or '' for nobody. */
  value: string;
  label: string;
}

export interface AssigneeSources {
  /** The contact's assignedTo. */
  ownerId?: string | null;
  /** The connected user (the OAuth token's userId); unknown for Private Integration Tokens. */
  meId?: string | null;
  /** Ids seen as assignees in this location, most recent first. */
  seen?: readonly string[];
  /** The task's current assignee, when editing: always offered so the form shows the truth. */
  current?: string | null;
  /** Whether "Nobody" can be chosen (HighLevel's update takes an id only: a task cannot be unassigned). */
  allowNobody?: boolean;
}

export function assigneeOptions({
  ownerId,
  meId,
  seen = [],
  current,
  allowNobody = true,
}: AssigneeSources): AssigneeOption[] {
  const options: AssigneeOption[] = allowNobody ? [{ value: '', label: t('task_assignee_nobody') }] : [];
  const taken = new Set<string>();
  const add = (value: string | null | undefined, label: (id: string) => string) => {
    if (!value || taken.has(value)) return;
    taken.add(value);
    options.push({ value, label: label(value) });
  };
  add(ownerId, (id) => (id === meId ? t('task_assignee_owner_me') : t('task_assignee_owner')));
  add(meId, () => t('task_assignee_me'));
  for (const id of [current, ...seen]) add(id, (value) => t('task_assignee_user', value));
  return options;
}

/** What the form starts on: the task's assignee when editing, else the owner when there is one, else nobody. */
export function defaultAssignee({ ownerId, current }: Pick<AssigneeSources, 'ownerId' | 'current'>): string {
  return current ?? ownerId ?? '';
}
