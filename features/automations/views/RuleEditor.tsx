/** The form that builds or edits one rule from menus, with its dry run. */
import { useId, useState } from 'preact/hooks';
import { formatNumber, formatTime, lazyLabels, t } from '../../../lib/ui/i18n';
import type { AutomationsEditorState } from '../editor-state';
import { defaultAction, defaultClause } from '../editor-state';
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
  TRIGGER_LABELS,
  WRITE_ACTIONS,
} from '../model';
import { VARIABLES } from '../templates';
import { DryRunPanel } from './DryRunPanel';
import { SiteSelect, TemplateField, VariablesHelp } from './parts';

const variableLabel = (name: string) => VARIABLES.find((variable) => variable.name === name)?.label;

/** The parts of an action's fields an issue can point at; contact field names stay as the API spells them. */
const PLACE_PARTS: Readonly<Record<string, string>> = lazyLabels({
  title: () => t('auto_place_title'),
  body: () => t('auto_place_body'),
  due: () => t('auto_place_due'),
  fields: () => t('auto_place_fields'),
  tags: () => t('auto_place_tags'),
});

/** Where an issue is, in the form's words ("Action 2 · title"). */
export function issuePlace(path: string): string {
  const [head, index, ...rest] = path.split('.');
  if (head === 'actions' && index !== undefined) {
    return [
      t('auto_place_action', formatNumber(Number(index) + 1)),
      ...rest.filter((part) => !/^\d+$/.test(part)).map((part) => PLACE_PARTS[part] ?? part),
    ].join(' · ');
  }
  if (head === 'condition' && rest[0] !== undefined)
    return t('auto_place_condition', formatNumber(Number(rest[0]) + 1));
  if (head === 'triggers') return t('auto_when');
  if (head === 'name') return t('auto_name');
  return head ?? path;
}

function IssueList({ issues, announce }: { issues: readonly RuleIssue[]; announce: boolean }) {
  const errors = issues.filter((issue) => issue.severity === 'error');
  const warnings = issues.filter((issue) => issue.severity === 'warning');
  return (
    <>
      {announce && errors.length > 0 ? (
        <div role="alert" class="auto-issues" data-severity="error">
          <p>{t('auto_fix_before_saving')}</p>
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
        <ul class="auto-issues" data-severity="warning" aria-label={t('auto_warnings')}>
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
      hint={t('auto_tags_hint')}
      onChange={(text) => onChange(fromLines(text))}
    />
  );
}

function ActionFields({ action, onChange }: { action: Action; onChange: (action: Action) => void }) {
  switch (action.type) {
    case 'pull.contact':
      return <p class="opt-hint">{t('auto_pull_hint')}</p>;
    case 'contact.upsert':
      return (
        <>
          <p class="opt-hint">{t('auto_upsert_hint')}</p>
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
            label={t('auto_tags_to_add')}
            tags={action.tags}
            onChange={(tags) => onChange({ ...action, tags })}
          />
        </>
      );
    case 'task.create':
      return (
        <>
          <TemplateField
            label={t('auto_task_title')}
            value={action.title}
            onChange={(title) => onChange({ ...action, title })}
          />
          <TemplateField
            label={t('auto_task_description')}
            value={action.body}
            multiline
            onChange={(body) => onChange({ ...action, body })}
          />
          <TemplateField
            label={t('auto_task_due')}
            value={action.due}
            placeholder="{{today+2d}}"
            hint={t('auto_task_due_hint', formatTime(17), '{{today+2d}}', '{{now+3h}}')}
            onChange={(due) => onChange({ ...action, due })}
          />
        </>
      );
    case 'tags.add':
      return (
        <TagsField
          label={t('auto_tags_to_add')}
          tags={action.tags}
          onChange={(tags) => onChange({ ...action, tags })}
        />
      );
    case 'business.report':
      return (
        <label>
          {t('auto_max_contacts')}
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
  const label = t('auto_place_condition', formatNumber(n));
  return (
    <li class="auto-clause">
      <select
        aria-label={t('auto_clause_test', label)}
        value={clause.kind}
        onChange={(event) =>
          onChange(defaultClause((event.target as HTMLSelectElement).value as Clause['kind']))
        }
      >
        <option value="field">{t('auto_clause_field')}</option>
        <option value="tag">{t('auto_clause_tag')}</option>
      </select>
      {clause.kind === 'field' ? (
        <>
          <select
            aria-label={t('auto_clause_field_of', label)}
            value={clause.field}
            onChange={(event) => onChange({ ...clause, field: (event.target as HTMLSelectElement).value })}
          >
            {CONDITION_FIELDS.map((field) => (
              <option key={field} value={field} title={variableLabel(field)}>
                {field}
              </option>
            ))}
          </select>
          <select
            aria-label={t('auto_clause_comparison', label)}
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
              aria-label={t('auto_clause_value', label)}
              value={clause.value ?? ''}
              onInput={(event) => onChange({ ...clause, value: (event.target as HTMLInputElement).value })}
            />
          )}
        </>
      ) : (
        <>
          <select
            aria-label={t('auto_clause_has_or_lacks', label)}
            value={clause.op}
            onChange={(event) =>
              onChange({ ...clause, op: (event.target as HTMLSelectElement).value as 'has' | 'lacks' })
            }
          >
            <option value="has">{t('auto_clause_has')}</option>
            <option value="lacks">{t('auto_clause_lacks')}</option>
          </select>
          <input
            aria-label={t('auto_clause_tag_of', label)}
            value={clause.tag}
            onInput={(event) => onChange({ ...clause, tag: (event.target as HTMLInputElement).value })}
          />
        </>
      )}
      <button type="button" onClick={onRemove} aria-label={t('auto_remove_condition', formatNumber(n))}>
        {t('auto_remove')}
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
        <h3 id={headingId}>
          {editor.draftIsNew.value ? t('auto_new_rule') : t('auto_edit_named', rule.name)}
        </h3>
        <IssueList issues={editor.issues.value} announce={editor.attempted.value} />

        <label>
          {t('auto_name')}
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
          <SiteSelect
            label={t('auto_site')}
            value={rule.site}
            onChange={(site) =>
              change((next) => {
                next.site = site;
              })
            }
          />
          <label>
            {t('auto_location')}
            <select
              value={rule.locationId}
              onChange={(event) =>
                change((next) => {
                  next.locationId = (event.target as HTMLSelectElement).value;
                })
              }
            >
              <option value={SITE_DEFAULT_LOCATION}>
                {siteDefault
                  ? t(
                      'auto_location_site_default_named',
                      SITE_LABELS[rule.site],
                      locations.find((l) => l.locationId === siteDefault)?.name ?? siteDefault,
                    )
                  : t('auto_location_site_default', SITE_LABELS[rule.site])}
              </option>
              {locations.map((location) => (
                <option key={location.locationId} value={location.locationId}>
                  {location.name}
                </option>
              ))}
              {rule.locationId !== SITE_DEFAULT_LOCATION &&
              !locations.some((l) => l.locationId === rule.locationId) ? (
                <option value={rule.locationId}>{t('auto_location_not_connected', rule.locationId)}</option>
              ) : null}
            </select>
          </label>
        </div>
        {writes && chosen && !chosen.canWrite ? (
          <p class="auto-note" role="note">
            {t('auto_location_read_only')}
          </p>
        ) : null}

        <fieldset>
          <legend>{t('auto_when')}</legend>
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
              {t('auto_trigger_in_site', TRIGGER_LABELS[trigger], SITE_LABELS[rule.site])}
            </label>
          ))}
        </fieldset>

        <fieldset>
          <legend>{t('auto_only_if')}</legend>
          {rule.condition ? (
            <>
              <label>
                {t('auto_match')}
                <select
                  value={rule.condition.match}
                  onChange={(event) =>
                    change((next) => {
                      if (next.condition)
                        next.condition.match = (event.target as HTMLSelectElement).value as 'all' | 'any';
                    })
                  }
                >
                  <option value="all">{t('auto_match_all')}</option>
                  <option value="any">{t('auto_match_any')}</option>
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
            <p class="opt-hint">{t('auto_no_condition')}</p>
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
            {t('auto_add_condition')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('auto_then')}</legend>
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
                      aria-label={t('auto_move_action_up', formatNumber(index + 1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      disabled={index === rule.actions.length - 1}
                      onClick={() => moveAction(index, 1)}
                      aria-label={t('auto_move_action_down', formatNumber(index + 1))}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      onClick={() => change((next) => void next.actions.splice(index, 1))}
                      aria-label={t('auto_remove_action', formatNumber(index + 1))}
                    >
                      {t('auto_remove')}
                    </button>
                  </span>
                </div>
                <ActionFields action={action} onChange={(next) => setAction(index, next)} />
              </li>
            ))}
          </ol>
          <div class="auto-row">
            <label>
              {t('auto_action_to_add')}
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
              {t('auto_add_action')}
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
          {t('auto_enabled')}
        </label>

        {editor.saveError.value ? (
          <p role="alert">
            {editor.saveError.value.messages?.length
              ? t('auto_not_saved_with', editor.saveError.value.messages.join(' '))
              : t('auto_not_saved')}
          </p>
        ) : null}
        <div class="opt-actions">
          <button type="submit" disabled={editor.saving.value}>
            {editor.saving.value ? t('auto_saving') : t('auto_save_rule')}
          </button>
          <button type="button" onClick={editor.cancel}>
            {t('cancel')}
          </button>
        </div>
      </form>
      <DryRunPanel editor={editor} rule={rule as Rule} />
    </>
  );
}
