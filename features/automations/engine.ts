/**
 * The automation engine: host events in, rule runs out. For each event, every enabled rule of that site and
 * trigger runs its actions in order (features/automations/actions.ts), and the run is logged with a receipt per
 * action. Runs of one host record are serialised, so two tabs reporting the same save cannot race.
 *
 * Never a loop. Triggers are host-page events only: nothing HighLevel-side (our writes included) can start a
 * rule. On top of that, three guards: an identical event seen again within seconds is dropped (two tabs, a
 * re-sent message); writes for a record are held back for a few seconds after an automation wrote the same
 * data for it on another event (an echo of our own work; a genuine edit differs and goes through); and a rule that fires on one record too often in a minute pauses
 * there. Writes are idempotent besides (dedupe keys, dedupe.ts): whatever slips through writes nothing twice.
 */

import type { SiteId } from '../../lib/host-page/sites/types.ts';
import { formatNumber, t } from '../../lib/ui/i18n.ts';
import {
  type ActionDeps,
  adoptContact,
  ensureContact,
  type RecordRef,
  recordKeyOf,
  revisionKeyOf,
  runAction,
  type Session,
} from './actions.ts';
import { type ConditionOutcome, conditionNeedsContact, evaluateCondition } from './conditions.ts';
import { contentHash, nextRevision } from './dedupe.ts';
import type { AutomationWriteReceipt, BusinessReport, Receipt, ReportSummary, Run } from './log.ts';
import { receiptStatusOf, runStatusOf } from './log.ts';
import {
  type AutomationEvent,
  needsWrite,
  pageOf,
  REPORT_DEFAULT_CONTACTS,
  REPORT_MAX_CONTACTS,
  type Rule,
  recordIdOf,
  SITE_DEFAULT_LOCATION,
  SITE_LABELS,
  TRIGGER_PHRASES,
  taskOf,
} from './model.ts';
import type { AutomationClient, LinkPort, OutboxEntryView, OutboxPort } from './ports.ts';
import { buildBusinessReport } from './report.ts';
import type { LedgerStore, PageMemory, ReportStore, RuleStore, RunLogStore, SeenPage } from './stores.ts';
import { createMemoryPageMemory } from './stores.ts';

export interface EngineLimits {
  /** An identical event (same rule, record, content) within this long is the same event: dropped. */
  duplicateMs: number;
  /** After an automation wrote for a record, writes on other events of that record wait this long. */
  suppressMs: number;
  /** A rule runs at most `burstMax` times per record within `burstWindowMs`. */
  burstWindowMs: number;
  burstMax: number;
  /** Identical task events count as one within this long (an agent may create the same task again later). */
  taskRepeatMs: number;
  /** Task reads in flight at once for a business report. */
  reportConcurrency: number;
}

export const DEFAULT_ENGINE_LIMITS: EngineLimits = {
  duplicateMs: 10_000,
  suppressMs: 5_000,
  burstWindowMs: 60_000,
  burstMax: 6,
  taskRepeatMs: 120_000,
  reportConcurrency: 4,
};

export interface AutomationEngineDeps {
  client: AutomationClient;
  outbox: OutboxPort;
  rules: RuleStore;
  runLog: RunLogStore;
  reports: ReportStore;
  ledger: LedgerStore;
  /** The page last seen per site, for the editor's dry run; memory when omitted. */
  pages?: PageMemory;
  /** Host-record links: read to find contacts, written when an automation created one. */
  links?: LinkPort;
  /** The location a site reads from ('site-default' rules), or null when none is connected. */
  resolveLocation(site: SiteId): Promise<string | null>;
  /** The scopes granted on a location's connection, or null when it is not connected. */
  grantedScopes(locationId: string): Promise<readonly string[] | null>;
  now?: () => number;
  newId?: () => string;
  limits?: Partial<EngineLimits>;
  /** Unexpected failures, for diagnostics (never with event contents). */
  onError?: (error: unknown) => void;
}

export interface DryRunResult {
  ruleId: string;
  site: SiteId;
  trigger: AutomationEvent['type'];
  locationId: string | null;
  /** Whether the rule would run for this event at all, and if not, why. */
  applies: boolean;
  reason?: string;
  canWrite: boolean;
  condition: ConditionOutcome;
  receipts: Receipt[];
  warnings: string[];
}

export interface AutomationEngine {
  /** Runs every enabled rule of `site` that this event triggers; resolves with the runs logged. */
  onHostEvent(site: SiteId, event: AutomationEvent, source?: { tabId?: number }): Promise<Run[]>;
  /** What `rule` would call for `event`, without calling HighLevel or queueing anything. */
  dryRun(rule: Rule, event: AutomationEvent): Promise<DryRunResult>;
  /** Newest first, with the outbox status of their writes brought up to date. */
  runs(options?: { ruleId?: string; limit?: number }): Promise<Run[]>;
  clearRuns(): Promise<void>;
  report(id: string): Promise<BusinessReport | null>;
  reports(): Promise<ReportSummary[]>;
  /** A business report on demand (the report page), outside any rule. */
  buildReport(
    site: SiteId,
    business: { name: string; id?: string },
    options?: { locationId?: string; maxContacts?: number },
  ): Promise<BusinessReport>;
  lastPage(site: SiteId): Promise<SeenPage | null>;
  /** Erases the runs, reports and record entries of a location whose connection was removed. */
  forgetLocation(locationId: string): Promise<void>;
  /** Stops listening to the outbox. */
  dispose(): void;
}

export class AutomationError extends Error {
  readonly kind: 'not.connected' | 'not.found';
  constructor(kind: AutomationError['kind'], message: string) {
    super(message);
    this.name = 'AutomationError';
    this.kind = kind;
  }
}

const FINAL = new Set(['saved', 'discarded']);

function eventLabel(event: AutomationEvent): string {
  if (event.type === 'business.updated') return event.business.name;
  const page = event.contact;
  const person =
    page.name?.trim() ||
    [page.firstName, page.lastName].filter(Boolean).join(' ').trim() ||
    page.email ||
    page.phone ||
    page.hostRecordId;
  return event.type === 'task.created' ? `${person}: ${event.task.title}` : person;
}

function writeIds(run: Run): string[] {
  return run.receipts.flatMap((receipt) => receipt.writes.map((write) => write.entryId));
}

function defaultId(): string {
  return globalThis.crypto.randomUUID();
}

export function createAutomationEngine(deps: AutomationEngineDeps): AutomationEngine {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? defaultId;
  const limits: EngineLimits = { ...DEFAULT_ENGINE_LIMITS, ...deps.limits };
  const pages = deps.pages ?? createMemoryPageMemory();
  const onError = deps.onError ?? (() => undefined);
  const actionDeps: ActionDeps = {
    client: deps.client,
    outbox: deps.outbox,
    ledger: deps.ledger,
    reports: deps.reports,
    links: deps.links,
    newId,
    reportConcurrency: limits.reportConcurrency,
    queuedCreate(entryId, record) {
      // Bounded: entries normally leave when sent; a worker that never sees them sent forgets the oldest.
      if (creators.size >= 500) creators.delete(creators.keys().next().value as string);
      creators.set(entryId, record);
    },
  };
  /** Contact creations queued by this worker, by outbox entry: where to record the contact once it exists. */
  const creators = new Map<string, RecordRef>();

  /** Identical events recently seen, by rule, record and content. */
  const seen = new Map<string, number>();
  /** Run start times per rule and record, for the burst guard. */
  const bursts = new Map<string, number[]>();
  /** Tail of the work queued per host record (runs of one record never overlap). */
  const lanes = new Map<string, Promise<unknown>>();
  /** Tail of the updates queued per run (read-modify-write of one run never overlaps). */
  const runLanes = new Map<string, Promise<unknown>>();

  function serial<T>(map: Map<string, Promise<unknown>>, key: string, work: () => Promise<T>): Promise<T> {
    const previous = map.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    map.set(key, tail);
    void tail.then(() => {
      if (map.get(key) === tail) map.delete(key);
    });
    return next;
  }

  function forgetOld(time: number) {
    if (seen.size > 500) {
      for (const [key, at] of seen) if (time - at > limits.duplicateMs) seen.delete(key);
    }
    if (bursts.size > 500) {
      for (const [key, times] of bursts) {
        if (times.every((at) => time - at > limits.burstWindowMs)) bursts.delete(key);
      }
    }
  }

  async function locationFor(rule: Rule): Promise<string | null> {
    return rule.locationId === SITE_DEFAULT_LOCATION ? deps.resolveLocation(rule.site) : rule.locationId;
  }

  function baseSession(
    rule: Rule,
    event: AutomationEvent,
    locationId: string,
    mode: Session['mode'],
    runId: string,
    time: number,
  ): Session {
    const hostRecordId = recordIdOf(event);
    const business = event.type === 'business.updated' ? event.business : undefined;
    return {
      mode,
      rule,
      site: rule.site,
      locationId,
      event,
      hostRecordId,
      recordKey: recordKeyOf(rule.site, locationId, hostRecordId),
      hash: contentHash(event),
      revision: 1,
      runId,
      now: time,
      canWrite: false,
      writesHeld: null,
      template: {
        now: time,
        page: pageOf(event),
        task: taskOf(event),
        business,
        contact: undefined,
        siteLabel: SITE_LABELS[rule.site],
        ruleName: rule.name,
      },
      labels: new Map(),
      writes: 0,
      deps: actionDeps,
    };
  }

  /** Revision and loop guard for a rule that writes (dry: read only, nothing recorded). */
  async function prepareWrites(session: Session, eventKey: string, persist: boolean) {
    const { ledger } = deps;
    const revisionKey = revisionKeyOf(session.rule.id, session.site, session.hostRecordId);
    const repeat = session.event.type === 'task.created' ? limits.taskRepeatMs : null;
    const revision = nextRevision(await ledger.revision(revisionKey), session.hash, session.now, repeat);
    session.revision = revision.revision;
    const record = await ledger.record(session.recordKey);
    const since = record?.wroteAt === undefined ? Number.POSITIVE_INFINITY : session.now - record.wroteAt;
    // An echo carries the data we just acted on under another event type (a save reported as created, then
    // as updated). A different content is a genuine edit, however soon it comes: it goes through.
    const contentOf = (key: string | undefined) => key?.slice(key.indexOf(':') + 1);
    const echo = record?.eventKey !== eventKey && contentOf(record?.eventKey) === contentOf(eventKey);
    if (since < limits.suppressMs && echo) {
      session.writesHeld = t('auto_log_loop_guard', formatNumber(Math.max(0, Math.round(since / 1000))));
    }
    if (persist) await ledger.setRevision(revisionKey, revision);
  }

  async function conditionOutcome(session: Session, receipt: Receipt): Promise<ConditionOutcome> {
    if (conditionNeedsContact(session.rule.condition)) await ensureContact(session, receipt);
    return evaluateCondition(session.rule.condition, session.template);
  }

  async function logSkipped(run: Run, note: string): Promise<Run> {
    run.status = 'skipped';
    run.note = note;
    run.finishedAt = now();
    await deps.runLog.put(run);
    return run;
  }

  async function runRule(
    rule: Rule,
    event: AutomationEvent,
    source: { tabId?: number },
  ): Promise<Run | null> {
    const time = now();
    const hostRecordId = recordIdOf(event);
    const eventKey = `${event.type}:${contentHash(event)}`;
    const seenKey = [rule.id, rule.site, hostRecordId, eventKey].join('|');
    const last = seen.get(seenKey);
    if (last !== undefined && time - last < limits.duplicateMs) return null;
    seen.set(seenKey, time);

    const run: Run = {
      id: newId(),
      ruleId: rule.id,
      ruleName: rule.name,
      site: rule.site,
      locationId: null,
      trigger: { type: event.type, hostRecordId, label: eventLabel(event) },
      ...(source.tabId !== undefined ? { tabId: source.tabId } : {}),
      startedAt: time,
      status: 'running',
      warnings: [],
      receipts: [],
    };

    try {
      const locationId = await locationFor(rule);
      if (!locationId) return await logSkipped(run, t('auto_log_no_location', SITE_LABELS[rule.site]));
      const scopes = await deps.grantedScopes(locationId);
      if (!scopes) return await logSkipped(run, t('auto_log_location_not_connected', locationId));
      run.locationId = locationId;

      const session = baseSession(rule, event, locationId, 'live', run.id, time);
      session.canWrite = scopes.includes('contacts.write');
      const lookup: Receipt = {
        actionIndex: -1,
        action: 'pull.contact',
        status: 'done',
        warnings: [],
        calls: [],
        writes: [],
      };
      const condition = await conditionOutcome(session, lookup);
      // A condition that is not met is the rule doing its job: not logged (the dry run shows why).
      if (!condition.met) return null;

      const burstKey = [rule.id, rule.site, hostRecordId].join('|');
      const recent = (bursts.get(burstKey) ?? []).filter((at) => time - at < limits.burstWindowMs);
      recent.push(time);
      bursts.set(burstKey, recent);
      if (recent.length > limits.burstMax) {
        // Logged once per burst; what follows is dropped quietly until the window clears.
        if (recent.length !== limits.burstMax + 1) return null;
        return await logSkipped(run, t('auto_log_burst', formatNumber(limits.burstMax)));
      }

      if (needsWrite(rule) && session.canWrite) await prepareWrites(session, eventKey, true);
      await deps.runLog.put(run);
      for (const [index, action] of rule.actions.entries()) {
        run.receipts.push(await runAction(session, action, index));
      }
      if (session.writes > 0) {
        const record = await deps.ledger.record(session.recordKey);
        await deps.ledger.setRecord(session.recordKey, { ...record, wroteAt: time, eventKey });
      }
      run.status = runStatusOf(run.receipts);
      run.finishedAt = now();
      // The outbox may have sent some writes already: their news is taken in before the run is stored.
      await serial(runLanes, run.id, async () => {
        for (const entryId of writeIds(run)) {
          const entry = await deps.outbox.get(entryId);
          if (entry) applyEntry(run, entry);
        }
        await deps.runLog.put(run);
      });
      return run;
    } catch (error) {
      // Let the same event try again rather than be dropped as a duplicate of a run that broke.
      seen.delete(seenKey);
      onError(error);
      run.status = 'failed';
      run.note = t('auto_log_unexpected');
      run.finishedAt = now();
      await deps.runLog.put(run).catch(onError);
      return run;
    }
  }

  /** Brings a run's write receipts up to date with an outbox entry. Returns whether anything changed. */
  function applyEntry(run: Run, entry: OutboxEntryView): boolean {
    let changed = false;
    for (const receipt of run.receipts) {
      let touched = false;
      for (const write of receipt.writes) {
        if (write.entryId !== entry.id) continue;
        const next: AutomationWriteReceipt = { ...write, status: entry.status };
        if (entry.result?.traceId) next.traceId = entry.result.traceId;
        if (entry.result?.contactId) next.contactId = entry.result.contactId;
        if (entry.result?.taskId) next.taskId = entry.result.taskId;
        if (entry.error) next.error = entry.error;
        else delete next.error;
        if (JSON.stringify(next) !== JSON.stringify(write)) {
          Object.assign(write, next);
          if (!entry.error) delete write.error;
          touched = true;
        }
      }
      if (touched && receipt.status !== 'skipped') {
        receipt.status = receiptStatusOf(receipt.writes);
        changed = true;
      }
    }
    if (changed && run.status !== 'running') run.status = runStatusOf(run.receipts);
    return changed;
  }

  const unsubscribe = deps.outbox.subscribe((entry) => {
    const runId = entry.origin.kind === 'automation' ? entry.origin.runId : undefined;
    if (!runId) return;
    const record = creators.get(entry.id);
    if (record && entry.status !== 'pending' && entry.status !== 'sending') creators.delete(entry.id);
    serial(runLanes, runId, async () => {
      if (record && entry.status === 'saved' && entry.result?.contactId) {
        await adoptContact(actionDeps, record, entry.id, entry.result.contactId, now());
      }
      const run = await deps.runLog.get(runId);
      if (run && applyEntry(run, entry)) await deps.runLog.put(run);
    }).catch(onError);
  });

  return {
    async onHostEvent(site, event, source = {}) {
      const page = pageOf(event);
      if (page && page.site !== site) return [];
      if (event.type === 'contact.opened' && page) await pages.remember(page, now()).catch(onError);
      forgetOld(now());
      const rules = (await deps.rules.list()).filter(
        (rule) => rule.enabled && rule.site === site && rule.triggers.includes(event.type),
      );
      if (rules.length === 0) return [];
      const lane = `${site}|${recordIdOf(event)}`;
      return serial(lanes, lane, async () => {
        const runs: Run[] = [];
        for (const rule of rules) {
          const run = await runRule(rule, event, source);
          if (run) runs.push(run);
        }
        return runs;
      });
    },

    async dryRun(rule, event) {
      const page = pageOf(event);
      const time = now();
      const result: DryRunResult = {
        ruleId: rule.id,
        site: rule.site,
        trigger: event.type,
        locationId: null,
        applies: true,
        canWrite: false,
        condition: { met: true, clauses: [] },
        receipts: [],
        warnings: [],
      };
      if (page && page.site !== rule.site) {
        return {
          ...result,
          applies: false,
          reason: t('auto_dry_other_site', SITE_LABELS[page.site], SITE_LABELS[rule.site]),
        };
      }
      if (!rule.triggers.includes(event.type)) {
        return {
          ...result,
          applies: false,
          reason: t('auto_dry_not_triggered', TRIGGER_PHRASES[event.type]),
        };
      }
      if (!rule.enabled) result.warnings.push(t('auto_dry_disabled'));
      const locationId = await locationFor(rule);
      if (!locationId) {
        return {
          ...result,
          applies: false,
          reason: t('auto_log_no_location', SITE_LABELS[rule.site]),
        };
      }
      const scopes = await deps.grantedScopes(locationId);
      if (!scopes)
        return {
          ...result,
          locationId,
          applies: false,
          reason: t('auto_log_location_not_connected', locationId),
        };
      result.locationId = locationId;
      const session = baseSession(rule, event, locationId, 'dry', 'dry-run', time);
      session.canWrite = scopes.includes('contacts.write');
      result.canWrite = session.canWrite;
      const lookup: Receipt = {
        actionIndex: -1,
        action: 'pull.contact',
        status: 'done',
        warnings: [],
        calls: [],
        writes: [],
      };
      result.condition = await conditionOutcome(session, lookup);
      if (conditionNeedsContact(rule.condition) && session.template.contact === undefined) {
        result.warnings.push(t('auto_dry_condition_untested'));
      }
      if (!result.condition.met) {
        return { ...result, applies: false, reason: t('auto_dry_condition_not_met') };
      }
      if (needsWrite(rule) && session.canWrite)
        await prepareWrites(session, `${event.type}:${session.hash}`, false);
      for (const [index, action] of rule.actions.entries()) {
        result.receipts.push(await runAction(session, action, index));
      }
      return result;
    },

    async runs(options = {}) {
      const list = await deps.runLog.list(options);
      const open = new Map<string, OutboxEntryView | null>();
      for (const run of list) {
        for (const receipt of run.receipts) {
          for (const write of receipt.writes) {
            if (FINAL.has(write.status) || open.has(write.entryId) || open.size >= 50) continue;
            open.set(write.entryId, await deps.outbox.get(write.entryId));
          }
        }
      }
      for (const run of list) {
        let changed = false;
        for (const entry of open.values()) if (entry && applyEntry(run, entry)) changed = true;
        if (changed) await serial(runLanes, run.id, () => deps.runLog.put(run));
      }
      return list;
    },

    clearRuns: () => deps.runLog.clear(),
    report: async (id) => (await deps.reports.get(id)) ?? null,
    reports: () => deps.reports.list(),

    async buildReport(site, business, options = {}) {
      const locationId = options.locationId ?? (await deps.resolveLocation(site));
      if (!locationId || !(await deps.grantedScopes(locationId))) {
        throw new AutomationError(
          'not.connected',
          `No HighLevel location is connected for ${SITE_LABELS[site]}`,
        );
      }
      const maxContacts = Math.min(
        REPORT_MAX_CONTACTS,
        Math.max(1, Math.trunc(options.maxContacts ?? REPORT_DEFAULT_CONTACTS)),
      );
      const { report } = await buildBusinessReport(deps.client, {
        mode: 'live',
        site,
        locationId,
        business,
        maxContacts,
        now: now(),
        id: newId(),
        concurrency: limits.reportConcurrency,
      });
      if (!report) throw new AutomationError('not.found', 'No report was built');
      await deps.reports.put(report);
      return report;
    },

    lastPage: (site) => pages.last(site),

    async forgetLocation(locationId) {
      await Promise.all([
        deps.runLog.removeLocation(locationId),
        deps.reports.removeLocation(locationId),
        deps.ledger.removeLocation(locationId),
      ]);
    },

    dispose() {
      unsubscribe();
    },
  };
}
