/**
 * Where the automations keep their state, none of it secret. Rules: a declared setting in the extension-origin
 * IndexedDB (lib/storage/settings.ts; small, read on every event, shipped presets as its first value) — rules
 * make writes, so no content script may plant or switch one on. Runs, reports and the dedupe ledger: the background's
 * IndexedDB, each bounded (oldest dropped first). The page last seen per site: storage.session, gone when
 * the browser closes. Memory versions of each serve the tests.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import type { PageContact, SiteId } from '../../lib/host-page/sites/types.ts';
import { defineSetting } from '../../lib/storage/settings.ts';
import type { Revision } from './dedupe.ts';
import type { BusinessReport, ReportSummary, Run } from './log.ts';
import { summarizeReport } from './log.ts';
import { MAX_RULES, type Rule, ruleSchema } from './model.ts';
import { PRESETS } from './presets.ts';

export const MAX_RUNS = 200;
export const MAX_REPORTS = 10;
export const MAX_LEDGER = 2000;

// ---------------------------------------------------------------------------------------------------------
// Rules

export interface RuleStore {
  list(): Promise<Rule[]>;
  get(id: string): Promise<Rule | null>;
  /** Inserts or replaces by id; rejects past MAX_RULES. */
  save(rule: Rule): Promise<Rule>;
  remove(id: string): Promise<boolean>;
}

export class RuleLimitError extends Error {
  constructor() {
    super(`At most ${MAX_RULES} rules`);
    this.name = 'RuleLimitError';
  }
}

/** Rules that no longer match the schema (a downgrade, a hand-edited profile) are dropped, not run. */
function wellFormed(list: unknown): Rule[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const parsed = v.safeParse(ruleSchema, item);
    return parsed.success ? [parsed.output as Rule] : [];
  });
}

function ruleStoreOver(read: () => Promise<unknown>, write: (rules: Rule[]) => Promise<void>): RuleStore {
  let queue: Promise<unknown> = Promise.resolve();
  // Read-modify-write steps run one after another, so two saves cannot lose each other's change.
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    list: async () => wellFormed(await read()),
    get: async (id) => wellFormed(await read()).find((rule) => rule.id === id) ?? null,
    save: (rule) =>
      serial(async () => {
        const rules = wellFormed(await read());
        const index = rules.findIndex((item) => item.id === rule.id);
        if (index < 0 && rules.length >= MAX_RULES) throw new RuleLimitError();
        if (index < 0) rules.push(rule);
        else rules[index] = rule;
        await write(rules);
        return rule;
      }),
    remove: (id) =>
      serial(async () => {
        const rules = wellFormed(await read());
        const kept = rules.filter((rule) => rule.id !== id);
        if (kept.length === rules.length) return false;
        await write(kept);
        return true;
      }),
  };
}

export const rulesItem = defineSetting<Rule[]>('automationRules', {
  fallback: structuredClone([...PRESETS]),
  version: 1,
});

export function createRuleStore(): RuleStore {
  return ruleStoreOver(
    () => rulesItem.getValue(),
    (rules) => rulesItem.setValue(rules),
  );
}

export function createMemoryRuleStore(initial: readonly Rule[] = PRESETS): RuleStore {
  let rules: unknown = structuredClone([...initial]);
  return ruleStoreOver(
    async () => structuredClone(rules),
    async (next) => {
      rules = structuredClone(next);
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Runs, reports, ledger

export interface RunLogStore {
  /** Inserts or replaces by id; keeps the newest MAX_RUNS. */
  put(run: Run): Promise<void>;
  get(id: string): Promise<Run | undefined>;
  /** Newest first. */
  list(options?: { ruleId?: string; limit?: number }): Promise<Run[]>;
  clear(): Promise<void>;
  /** Deletes the runs made on a location (its connection was removed). */
  removeLocation(locationId: string): Promise<void>;
}

export interface ReportStore {
  put(report: BusinessReport): Promise<void>;
  get(id: string): Promise<BusinessReport | undefined>;
  /** Newest first. */
  list(): Promise<ReportSummary[]>;
  removeLocation(locationId: string): Promise<void>;
}

/** Where a host record's HighLevel contact came from when an automation created it. */
export interface RecordEntry {
  /** The outbox entry that creates (or upserts) the contact. */
  entryId?: string;
  contactId?: string;
  /** When an automation last queued a write for this record, and for which event. */
  wroteAt?: number;
  eventKey?: string;
}

export interface LedgerStore {
  revision(key: string): Promise<Revision | undefined>;
  setRevision(key: string, value: Revision): Promise<void>;
  record(key: string): Promise<RecordEntry | undefined>;
  setRecord(key: string, value: RecordEntry): Promise<void>;
  /** Deletes the record entries of a location (keys `rec|<site>|<locationId>|…`). */
  removeLocation(locationId: string): Promise<void>;
}

export interface AutomationStores {
  rules: RuleStore;
  runLog: RunLogStore;
  reports: ReportStore;
  ledger: LedgerStore;
  pages: PageMemory;
}

/** Whether a ledger key is a record entry of this location (`rec|<site>|<locationId>|<record>`). */
function isRecordOf(key: string, locationId: string): boolean {
  return key.startsWith('rec|') && key.split('|')[2] === locationId;
}

interface LedgerRow {
  key: string;
  at: number;
  revision?: Revision;
  record?: RecordEntry;
}

interface AutomationsSchema extends DBSchema {
  runs: { key: string; value: Run; indexes: { startedAt: number } };
  reports: { key: string; value: BusinessReport; indexes: { createdAt: number } };
  ledger: { key: string; value: LedgerRow; indexes: { at: number } };
}

type StoreName = 'runs' | 'reports' | 'ledger';
type IndexName = 'startedAt' | 'createdAt' | 'at';

export function createIdbStores(dbName = 'hl-sidebar-automations', now: () => number = Date.now) {
  let dbPromise: Promise<IDBPDatabase<AutomationsSchema>> | null = null;
  const db = () => {
    dbPromise ??= openDB<AutomationsSchema>(dbName, 1, {
      upgrade(database) {
        database.createObjectStore('runs', { keyPath: 'id' }).createIndex('startedAt', 'startedAt');
        database.createObjectStore('reports', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
        database.createObjectStore('ledger', { keyPath: 'key' }).createIndex('at', 'at');
      },
    });
    return dbPromise;
  };

  /** Drops the oldest rows beyond `max`, by the store's time index. */
  async function prune(name: StoreName, index: IndexName, max: number) {
    const database = await db();
    const count = await database.count(name);
    if (count <= max) return;
    const tx = database.transaction(name, 'readwrite');
    let excess = count - max;
    // biome-ignore lint/suspicious/noExplicitAny: idb's index typing does not follow a union of store names.
    let cursor = await (tx.store.index as any)(index).openCursor();
    while (cursor && excess > 0) {
      await cursor.delete();
      excess--;
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  async function newestFirst<T>(
    name: 'runs' | 'reports',
    index: 'startedAt' | 'createdAt',
    keep: (value: T) => boolean,
    limit: number,
  ) {
    const database = await db();
    const tx = database.transaction(name, 'readonly');
    const out: T[] = [];
    // biome-ignore lint/suspicious/noExplicitAny: as above.
    let cursor = await (tx.store.index as any)(index).openCursor(null, 'prev');
    while (cursor && out.length < limit) {
      if (keep(cursor.value as T)) out.push(cursor.value as T);
      cursor = await cursor.continue();
    }
    await tx.done;
    return out;
  }

  async function removeWhere<N extends StoreName>(
    name: N,
    drop: (value: AutomationsSchema[N]['value']) => boolean,
  ) {
    const database = await db();
    const tx = database.transaction(name, 'readwrite');
    // biome-ignore lint/suspicious/noExplicitAny: idb's cursor typing does not follow a union of store names.
    let cursor = await (tx.store as any).openCursor();
    while (cursor) {
      if (drop(cursor.value)) await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  const runLog: RunLogStore = {
    async put(run) {
      await (await db()).put('runs', run);
      await prune('runs', 'startedAt', MAX_RUNS);
    },
    async get(id) {
      return (await db()).get('runs', id);
    },
    list: ({ ruleId, limit = MAX_RUNS } = {}) =>
      newestFirst<Run>('runs', 'startedAt', (run) => !ruleId || run.ruleId === ruleId, limit),
    async clear() {
      await (await db()).clear('runs');
    },
    removeLocation: (locationId) => removeWhere('runs', (run) => run.locationId === locationId),
  };

  const reports: ReportStore = {
    async put(report) {
      await (await db()).put('reports', report);
      await prune('reports', 'createdAt', MAX_REPORTS);
    },
    async get(id) {
      return (await db()).get('reports', id);
    },
    list: async () =>
      (await newestFirst<BusinessReport>('reports', 'createdAt', () => true, MAX_REPORTS)).map(
        summarizeReport,
      ),
    removeLocation: (locationId) => removeWhere('reports', (report) => report.locationId === locationId),
  };

  async function putLedger(key: string, change: (row: LedgerRow) => LedgerRow) {
    const database = await db();
    const tx = database.transaction('ledger', 'readwrite');
    const row = (await tx.store.get(key)) ?? { key, at: now() };
    await tx.store.put({ ...change(row), key, at: now() });
    await tx.done;
    await prune('ledger', 'at', MAX_LEDGER);
  }

  const ledger: LedgerStore = {
    revision: async (key) => (await (await db()).get('ledger', key))?.revision,
    setRevision: (key, revision) => putLedger(key, (row) => ({ ...row, revision })),
    record: async (key) => (await (await db()).get('ledger', key))?.record,
    setRecord: (key, record) => putLedger(key, (row) => ({ ...row, record })),
    removeLocation: (locationId) => removeWhere('ledger', (row) => isRecordOf(row.key, locationId)),
  };

  return { runLog, reports, ledger };
}

export function createMemoryStores() {
  const runs = new Map<string, Run>();
  const reportMap = new Map<string, BusinessReport>();
  const ledgerMap = new Map<string, LedgerRow>();
  let tick = 0;
  const order = new Map<string, number>();
  const touch = (key: string) => order.set(key, ++tick);

  function trim<T>(map: Map<string, T>, max: number, time: (value: T) => number) {
    if (map.size <= max) return;
    const sorted = [...map.entries()].sort((a, b) => time(a[1]) - time(b[1]));
    for (const [key] of sorted.slice(0, map.size - max)) map.delete(key);
  }

  const runLog: RunLogStore = {
    async put(run) {
      runs.set(run.id, structuredClone(run));
      trim(runs, MAX_RUNS, (item) => item.startedAt);
    },
    get: async (id) => structuredClone(runs.get(id)),
    list: async ({ ruleId, limit = MAX_RUNS } = {}) =>
      structuredClone(
        [...runs.values()]
          .filter((run) => !ruleId || run.ruleId === ruleId)
          .sort((a, b) => b.startedAt - a.startedAt)
          .slice(0, limit),
      ),
    async clear() {
      runs.clear();
    },
    async removeLocation(locationId) {
      for (const [id, run] of runs) if (run.locationId === locationId) runs.delete(id);
    },
  };

  const reports: ReportStore = {
    async put(report) {
      reportMap.set(report.id, structuredClone(report));
      trim(reportMap, MAX_REPORTS, (item) => item.createdAt);
    },
    get: async (id) => structuredClone(reportMap.get(id)),
    list: async () => [...reportMap.values()].sort((a, b) => b.createdAt - a.createdAt).map(summarizeReport),
    async removeLocation(locationId) {
      for (const [id, report] of reportMap) if (report.locationId === locationId) reportMap.delete(id);
    },
  };

  const setRow = (key: string, change: (row: LedgerRow) => LedgerRow) => {
    const row = ledgerMap.get(key) ?? { key, at: 0 };
    ledgerMap.set(key, structuredClone({ ...change(row), key, at: 0 }));
    touch(key);
    trim(ledgerMap, MAX_LEDGER, (item) => order.get(item.key) ?? 0);
  };

  const ledger: LedgerStore = {
    revision: async (key) => structuredClone(ledgerMap.get(key)?.revision),
    setRevision: async (key, revision) => setRow(key, (row) => ({ ...row, revision })),
    record: async (key) => structuredClone(ledgerMap.get(key)?.record),
    setRecord: async (key, record) => setRow(key, (row) => ({ ...row, record })),
    async removeLocation(locationId) {
      for (const key of ledgerMap.keys()) if (isRecordOf(key, locationId)) ledgerMap.delete(key);
    },
  };

  return { runLog, reports, ledger };
}

// ---------------------------------------------------------------------------------------------------------
// The page last seen on each site (the editor's "dry run on the current page")

export interface SeenPage {
  contact: PageContact;
  at: number;
}

export interface PageMemory {
  remember(contact: PageContact, at: number): Promise<void>;
  last(site: SiteId): Promise<SeenPage | null>;
}

export const lastPagesItem = storage.defineItem<Partial<Record<SiteId, SeenPage>>>(
  'session:automationPages',
  {
    fallback: {},
    version: 1,
  },
);

export function createSessionPageMemory(): PageMemory {
  return {
    async remember(contact, at) {
      await lastPagesItem.setValue({ ...(await lastPagesItem.getValue()), [contact.site]: { contact, at } });
    },
    last: async (site) => (await lastPagesItem.getValue())[site] ?? null,
  };
}

export function createMemoryPageMemory(): PageMemory {
  const pages = new Map<SiteId, SeenPage>();
  return {
    async remember(contact, at) {
      pages.set(contact.site, { contact: structuredClone(contact), at });
    },
    last: async (site) => structuredClone(pages.get(site) ?? null),
  };
}

/** Everything the engine stores, in the extension's own storage (the background's wiring calls this). */
export function createAutomationStores(dbName?: string): AutomationStores {
  return { rules: createRuleStore(), ...createIdbStores(dbName), pages: createSessionPageMemory() };
}
