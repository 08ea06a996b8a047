/** The form that builds or edits one rule from menus, with its dry run. */
import { useId, useState } from 'preact/hooks';
import type { AutomationsEditorState } from '../../lib/automations/editor-state';
import { defaultAction, defaultClause } from '../../lib/automations/editor-state';
import {
  ACTION_LABELS,
  ACTION_TYPES,
  type Action,
  type ActionType,
  type Clause,
  CONDITION_FIELDS,
  CONTACT_FIELD_LABELS,
  CONTACT_FIELDS,
  FIELD_OPERATOR_LABELS,
  FIELD_OPERATORS,
  type FieldOperator,
  MAX_ACTIONS,
  MAX_CLAUSES,
  REPORT_MAX_CONTACTS,
  type Rule,
  type RuleIssue,
  SITE_DEFAULT_LOCATION,
  SITE_LABELS,
  SITE_TRIGGERS,
  SITES,
  TRIGGER_LABELS,
  WRITE_ACTIONS,
} from '../../lib/automations/model';
import { VARIABLES } from '../../lib/automations/templates';
import type { SiteId } from '../../lib/sites/types';
import { DryRunPanel } from './DryRunPanel';
import { TemplateField, VariablesHelp } from './parts';

const VARIABLE_LABELS = new Map(VARIABLES.map((variable) => [variable.name, variable.label]));

/** Where an issue is, in the form's words ("Action 2 · title"). */
export function issuePlace(path: string): string {
  const [head, index, ...rest] = path.split('.');
  if (head === 'actions' && index !== undefined) {
    return [`Action ${Number(index) + 1}`, ...rest.filter((part) => !/^\d+$/.test(part))].join(' · ');
  }
  if (head === 'condition' && rest[0] !== undefined) return `Condition ${Number(rest[0]) + 1}`;
  if (head === 'triggers') return 'When';
  if (head === 'name') return 'Name';
  return head ?? path;
}

function IssueList({ issues, announce }: { issues: readonly RuleIssue[]; announce: boolean }) {
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  return (
    <>
      {announce && errors.length > 0 ? (
        <div role="alert" class="auto-issues" data-severity="error">
          <p>Fix these before saving:</p>
          <ul>
            {errors.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>
                <strong>{issuePlace(issue.path)}</strong>: {issue.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {warnings.length > 0 ? (
        <ul class="auto-issues" data-severity="warning" aria-label="Warnings">
          {warnings.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              <strong>{issuePlace(issue.path)}</strong>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

const lines = (tags: readonly string[]) => tags.join('\n');
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line, i, all) => line || i < all.length - 1);

function TagsField({
  label,
  tags,
  onChange,
}: {
  label: string;
  tags: string[];
  onChange: (tags: string[]) => void;
}) {
  return (
    <TemplateField
      label={label}
      value={lines(tags)}
      multiline
      hint="One tag per line. Tags are added; the contact's other tags are kept."
      onChange={(text) => onChange(fromLines(text))}
    />
  );
}

function ActionFields({ action, onChange }: { action: Action; onChange: (action: Action) => void }) {
  switch (action.type) {
    case 'pull.contact':
      return (
        <p class="opt-hint">
          Reads the contact, its tasks and notes (nothing is changed); the summary appears in the run log and
          the sidebar opens instantly from the fresh cache.
        </p>
      );
    case 'contact.upsert':
      return (
        <>
          <p class="opt-hint">
            Updates the linked HighLevel contact, or creates one (HighLevel matches an existing contact by
            email or phone). Empty values are never sent, so nothing in HighLevel is cleared.
          </p>
          {CONTACT_FIELDS.map((field) => (
            <TemplateField
              key={field}
              label={CONTACT_FIELD_LABELS[field]}
              value={action.fields[field] ?? ''}
              onChange={(value) =>
                onChange({ ...action, fields: { ...action.fields, [field]: value || undefined } })
              }
            />
          ))}
          <TagsField
            label="Tags to add"
            tags={action.tags}
            onChange={(tags) => onChange({ ...action, tags })}
          />
        </>
      );
    case 'task.create':
      return (
        <>
          <TemplateField
            label="Task title"
            value={action.title}
            onChange={(title) => onChange({ ...action, title })}
          />
          <TemplateField
            label="Task description"
            value={action.body}
            multiline
            onChange={(body) => onChange({ ...action, body })}
          />
          <TemplateField
            label="Due date"
            value={action.due}
            placeholder="{{today+2d}}"
            hint="A date (YYYY-MM-DD, meaning 17:00 that day) or a date and time; e.g. {{today+2d}} or {{now+3h}}."
            onChange={(due) => onChange({ ...action, due })}
          />
        </>
      );
    case 'tags.add':
      return (
        <TagsField
          label="Tags to add"
          tags={action.tags}
          onChange={(tags) => onChange({ ...action, tags })}
        />
      );
    case 'business.report':
      return (
        <label>
          At most this many contacts
          <input
            type="number"
            min={1}
            max={REPORT_MAX_CONTACTS}
            value={action.maxContacts}
            onInput={(event) => {
              const value = Math.trunc(Number((event.target as HTMLInputElement).value));
              if (Number.isFinite(value))
                onChange({ ...action, maxContacts: Math.min(REPORT_MAX_CONTACTS, Math.max(1, value)) });
            }}
          />
        </label>
      );
  }
}

function ClauseRow({
  clause,
  index,
  onChange,
  onRemove,
}: {
  clause: Clause;
  index: number;
  onChange: (clause: Clause) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  return (
    <li class="auto-clause">
      <select
        aria-label={`Condition ${n}: test`}
        value={clause.kind}
        onChange={(event) =>
          onChange(defaultClause((event.target as HTMLSelectElement).value as Clause['kind']))
        }
      >
        <option value="field">A field</option>
        <option value="tag">A HighLevel tag</option>
      </select>
      {clause.kind === 'field' ? (
        <>
          <select
            aria-label={`Condition ${n}: field`}
            value={clause.field}
            onChange={(event) => onChange({ ...clause, field: (event.target as HTMLSelectElement).value })}
          >
            {CONDITION_FIELDS.map((field) => (
              <option key={field} value={field} title={VARIABLE_LABELS.get(field)}>
                {field}
              </option>
            ))}
          </select>
          <select
            aria-label={`Condition ${n}: comparison`}
            value={clause.op}
            onChange={(event) =>
              onChange({ ...clause, op: (event.target as HTMLSelectElement).value as FieldOperator })
            }
          >
            {FIELD_OPERATORS.map((op) => (
              <option key={op} value={op}>
                {FIELD_OPERATOR_LABELS[op]}
              </option>
            ))}
          </select>
          {clause.op === 'is-empty' || clause.op === 'is-not-empty' ? null : (
            <input
              aria-label={`Condition ${n}: value`}
              value={clause.value ?? ''}
              onInput={(event) => onChange({ ...clause, value: (event.target as HTMLInputElement).value })}
            />
          )}
        </>
      ) : (
        <>
          <select
            aria-label={`Condition ${n}: has or lacks`}
            value={clause.op}
            onChange={(event) =>
              onChange({ ...clause, op: (event.target as HTMLSelectElement).value as 'has' | 'lacks' })
            }
          >
            <option value="has">has the tag</option>
            <option value="lacks">does not have the tag</option>
          </select>
          <input
            aria-label={`Condition ${n}: tag`}
            value={clause.tag}
            onInput={(event) => onChange({ ...clause, tag: (event.target as HTMLInputElement).value })}
          />
        </>
      )}
      <button type="button" onClick={onRemove} aria-label={`Remove condition ${n}`}>
        Remove
      </button>
    </li>
  );
}

export function RuleEditor({ editor }: { editor: AutomationsEditorState }) {
  const rule = editor.draft.value;
  const headingId = useId();
  const [addType, setAddType] = useState<ActionType>('task.create');
  if (!rule) return null;
  const change = editor.change;
  const view = editor.view.value.state === 'ready' ? editor.view.value.value : null;
  const locations = view?.locations ?? [];
  const siteDefault = view?.siteDefaults[rule.site];
  const chosen =
    rule.locationId === SITE_DEFAULT_LOCATION
      ? locations.find((location) => location.locationId === siteDefault)
      : locations.find((location) => location.locationId === rule.locationId);
  const writes = rule.actions.some((action) => WRITE_ACTIONS.includes(action.type));
  const setAction = (index: number, action: Action) =>
    change((next) => {
      next.actions[index] = action;
    });
  const moveAction = (index: number, by: number) =>
    change((next) => {
      const [moved] = next.actions.splice(index, 1);
      if (moved) next.actions.splice(index + by, 0, moved);
    });

  return (
    <>
      <form
        class="auto-editor"
        aria-labelledby={headingId}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void editor.save();
        }}
      >
        <h3 id={headingId}>{editor.draftIsNew.value ? 'New rule' : `Edit “${rule.name}”`}</h3>
        <IssueList issues={editor.issues.value} announce={editor.attempted.value} />

        <label>
          Name
          <input
            name="name"
            required
            maxLength={120}
            value={rule.name}
            onInput={(event) =>
              change((next) => {
                next.name = (event.target as HTMLInputElement).value;
              })
            }
          />
        </label>

        <div class="auto-row">
          <label>
            Site
            <select
              value={rule.site}
              onChange={(event) =>
                change((next) => {
                  next.site = (event.target as HTMLSelectElement).value as SiteId;
                })
              }
            >
              {SITES.map((site) => (
                <option key={site} value={site}>
                  {SITE_LABELS[site]}
                </option>
              ))}
            </select>
          </label>
          <label>
            HighLevel location
            <select
              value={rule.locationId}
              onChange={(event) =>
                change((next) => {
                  next.locationId = (event.target as HTMLSelectElement).value;
                })
              }
            >
              <option value={SITE_DEFAULT_LOCATION}>
                The one {SITE_LABELS[rule.site]} reads from
                {siteDefault
                  ? ` (${locations.find((l) => l.locationId === siteDefault)?.name ?? siteDefault})`
                  : ''}
              </option>
              {locations.map((location) => (
                <option key={location.locationId} value={location.locationId}>
                  {location.name}
                </option>
              ))}
              {rule.locationId !== SITE_DEFAULT_LOCATION &&
              !locations.some((l) => l.locationId === rule.locationId) ? (
                <option value={rule.locationId}>{rule.locationId} (not connected)</option>
              ) : null}
            </select>
          </label>
        </div>
        {writes && chosen && !chosen.canWrite ? (
          <p class="auto-note" role="note">
            This location is connected read-only: the rule's write actions will be skipped until it is granted
            contacts.write.
          </p>
        ) : null}

        <fieldset>
          <legend>When</legend>
          {SITE_TRIGGERS[rule.site].map((trigger) => (
            <label key={trigger} class="auto-check">
              <input
                type="checkbox"
                checked={rule.triggers.includes(trigger)}
                onChange={(event) =>
                  change((next) => {
                    const on = (event.target as HTMLInputElement).checked;
                    next.triggers = on
                      ? SITE_TRIGGERS[next.site].filter(
                          (item) => item === trigger || next.triggers.includes(item),
                        )
                      : next.triggers.filter((item) => item !== trigger);
                  })
                }
              />
              {TRIGGER_LABELS[trigger]} in {SITE_LABELS[rule.site]}
            </label>
          ))}
        </fieldset>

        <fieldset>
          <legend>Only if (optional)</legend>
          {rule.condition ? (
            <>
              <label>
                Match
                <select
                  value={rule.condition.match}
                  onChange={(event) =>
                    change((next) => {
                      if (next.condition)
                        next.condition.match = (event.target as HTMLSelectElement).value as 'all' | 'any';
                    })
                  }
                >
                  <option value="all">all of these</option>
                  <option value="any">any of these</option>
                </select>
              </label>
              <ol class="auto-clauses">
                {rule.condition.clauses.map((clause, index) => (
                  <ClauseRow
                    key={index}
                    clause={clause}
                    index={index}
                    onChange={(next) =>
                      change((draft) => {
                        if (draft.condition) draft.condition.clauses[index] = next;
                      })
                    }
                    onRemove={() =>
                      change((draft) => {
                        draft.condition?.clauses.splice(index, 1);
                        if (draft.condition?.clauses.length === 0) delete draft.condition;
                      })
                    }
                  />
                ))}
              </ol>
            </>
          ) : (
            <p class="opt-hint">No condition: the rule runs on every event it reacts to.</p>
          )}
          <button
            type="button"
            disabled={(rule.condition?.clauses.length ?? 0) >= MAX_CLAUSES}
            onClick={() =>
              change((next) => {
                next.condition ??= { match: 'all', clauses: [] };
                next.condition.clauses.push(defaultClause('field'));
              })
            }
          >
            Add a condition
          </button>
        </fieldset>

        <fieldset>
          <legend>Then</legend>
          <ol class="auto-actions">
            {rule.actions.map((action, index) => (
              <li key={index} class="auto-action">
                <div class="auto-action-head">
                  <strong>
                    {index + 1}. {ACTION_LABELS[action.type]}
                  </strong>
                  <span class="auto-action-buttons">
                    <button
                      type="button"
                      disabled={index === 0}
                      onClick={() => moveAction(index, -1)}
                      aria-label={`Move action ${index + 1} up`}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      disabled={index === rule.actions.length - 1}
                      onClick={() => moveAction(index, 1)}
                      aria-label={`Move action ${index + 1} down`}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      onClick={() => change((next) => void next.actions.splice(index, 1))}
                      aria-label={`Remove action ${index + 1}`}
                    >
                      Remove
                    </button>
                  </span>
                </div>
                <ActionFields action={action} onChange={(next) => setAction(index, next)} />
              </li>
            ))}
          </ol>
          <div class="auto-row">
            <label>
              Action to add
              <select
                value={addType}
                onChange={(event) => setAddType((event.target as HTMLSelectElement).value as ActionType)}
              >
                {ACTION_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {ACTION_LABELS[type]}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={rule.actions.length >= MAX_ACTIONS}
              onClick={() => change((next) => void next.actions.push(defaultAction(addType)))}
            >
              Add action
            </button>
          </div>
          <VariablesHelp />
        </fieldset>

        <label class="auto-check">
          <input
            type="checkbox"
            checked={rule.enabled}
            onChange={(event) =>
              change((next) => {
                next.enabled = (event.target as HTMLInputElement).checked;
              })
            }
          />
          Enabled
        </label>

        {editor.saveError.value ? (
          <p role="alert">
            {editor.saveError.value.messages?.length
              ? `Not saved: ${editor.saveError.value.messages.join(' ')}`
              : 'Not saved: the background did not accept the rule.'}
          </p>
        ) : null}
        <div class="opt-actions">
          <button type="submit" disabled={editor.saving.value}>
            {editor.saving.value ? 'Saving…' : 'Save rule'}
          </button>
          <button type="button" onClick={editor.cancel}>
            Cancel
          </button>
        </div>
      </form>
      <DryRunPanel editor={editor} rule={rule as Rule} />
    </>
  );
}
