import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { closeSettings } from '../../lib/storage/settings.ts';
import type { BusinessReport, Run } from './log.ts';
import { MAX_RULES, type Rule } from './model.ts';
import { PRESETS } from './presets.ts';
import {
  createIdbStores,
  createMemoryRuleStore,
  createMemoryStores,
  createRuleStore,
  createSessionPageMemory,
  MAX_REPORTS,
  MAX_RUNS,
  RuleLimitError,
  rulesItem,
} from './stores.ts';

const run = (id: string, startedAt: number, ruleId = 'r1'): Run => ({
  id,
  ruleId,
  ruleName: 'Rule',
  site: 'gestioo',
  locationId: 'L1',
  trigger: { type: 'contact.opened', hostRecordId: '1', label: 'Ana' },
  startedAt,
  status: 'done',
  warnings: [],
  receipts: [],
});

const report = (id: string, createdAt: number): BusinessReport => ({
  id,
  createdAt,
  site: 'gestioo',
  locationId: 'L1',
  business: { name: `Company ${id}`, businessIds: [] },
  rows: [{ contactId: 'c', name: 'C', openTasks: 1, overdueTasks: 0 }],
  truncated: false,
  maxContacts: 200,
});

let databases = 0;
describe.each([
  ['memory', () => createMemoryStores()],
  ['IndexedDB', () => createIdbStores(`test-automations-${++databases}`)],
])('the %s stores', (_name, make) => {
  it('list runs newest first, filtered by rule, and replace a run by id', async () => {
    const { runLog } = make();
    await runLog.put(run('a', 1));
    await runLog.put(run('b', 3, 'r2'));
    await runLog.put(run('c', 2));
    await runLog.put({ ...run('a', 1), status: 'failed' });
    expect((await runLog.list()).map((item) => item.id)).toEqual(['b', 'c', 'a']);
    expect((await runLog.list({ ruleId: 'r1' })).map((item) => item.id)).toEqual(['c', 'a']);
    expect((await runLog.list({ limit: 1 })).map((item) => item.id)).toEqual(['b']);
    expect((await runLog.get('a'))?.status).toBe('failed');
    await runLog.clear();
    expect(await runLog.list()).toEqual([]);
  });

  it(`keep only the newest ${MAX_RUNS} runs`, async () => {
    const { runLog } = make();
    for (let i = 0; i < MAX_RUNS + 5; i++) await runLog.put(run(`r${i}`, i));
    const all = await runLog.list();
    expect(all).toHaveLength(MAX_RUNS);
    expect(all.at(-1)?.id).toBe('r5');
  });

  it(`keep only the newest ${MAX_REPORTS} reports, listed as summaries`, async () => {
    const { reports } = make();
    for (let i = 0; i < MAX_REPORTS + 2; i++) await reports.put(report(`p${i}`, i));
    const list = await reports.list();
    expect(list).toHaveLength(MAX_REPORTS);
    expect(list[0]).toEqual({
      id: `p${MAX_REPORTS + 1}`,
      createdAt: MAX_REPORTS + 1,
      site: 'gestioo',
      business: `Company p${MAX_REPORTS + 1}`,
      contacts: 1,
      truncated: false,
    });
    expect(await reports.get('p0')).toBeUndefined();
    expect((await reports.get('p5'))?.rows).toHaveLength(1);
  });

  it("forget a location's runs, reports and record entries, and nothing else", async () => {
    const { runLog, reports, ledger } = make();
    await runLog.put(run('a', 1));
    await runLog.put({ ...run('b', 2), locationId: 'L2' });
    await reports.put(report('p', 1));
    await reports.put({ ...report('q', 2), locationId: 'L2' });
    await ledger.setRecord('rec|gestioo|L1|4516', { entryId: 'e1' });
    await ledger.setRecord('rec|gestioo|L2|4516', { entryId: 'e2' });
    await ledger.setRevision('rev|r1|gestioo|4516', { hash: 'h', revision: 1, at: 1 });
    await Promise.all([
      runLog.removeLocation('L1'),
      reports.removeLocation('L1'),
      ledger.removeLocation('L1'),
    ]);
    expect((await runLog.list()).map((item) => item.id)).toEqual(['b']);
    expect((await reports.list()).map((item) => item.id)).toEqual(['q']);
    expect(await ledger.record('rec|gestioo|L1|4516')).toBeUndefined();
    expect(await ledger.record('rec|gestioo|L2|4516')).toEqual({ entryId: 'e2' });
    expect(await ledger.revision('rev|r1|gestioo|4516')).toEqual({ hash: 'h', revision: 1, at: 1 });
  });

  it('keep revisions and record entries side by side under one key', async () => {
    const { ledger } = make();
    await ledger.setRevision('k', { hash: 'h', revision: 2, at: 5 });
    await ledger.setRecord('k', { entryId: 'e1' });
    expect(await ledger.revision('k')).toEqual({ hash: 'h', revision: 2, at: 5 });
    expect(await ledger.record('k')).toEqual({ entryId: 'e1' });
    expect(await ledger.record('other')).toBeUndefined();
  });
});

const custom: Rule = {
  id: 'custom.1',
  name: 'Tag',
  enabled: true,
  site: 'gleantap',
  locationId: 'site-default',
  triggers: ['contact.updated'],
  actions: [{ type: 'tags.add', tags: ['x'] }],
};

describe('the rule store', () => {
  beforeEach(async () => {
    await closeSettings();
    globalThis.indexedDB = new IDBFactory();
    fakeBrowser.reset();
  });

  it('starts with the shipped workflows, all disabled', async () => {
    const rules = await createRuleStore().list();
    expect(rules.map((rule) => rule.id)).toEqual(PRESETS.map((preset) => preset.id));
    expect(rules.every((rule) => !rule.enabled)).toBe(true);
  });

  it('adds, replaces and removes rules by id, in the settings database', async () => {
    const store = createRuleStore();
    await store.save(custom);
    await store.save({ ...custom, name: 'Renamed' });
    expect((await store.list()).filter((rule) => rule.id === custom.id)).toEqual([
      { ...custom, name: 'Renamed' },
    ]);
    expect(await store.remove('preset.gleantap.push')).toBe(true);
    expect(await store.remove('preset.gleantap.push')).toBe(false);
    expect((await rulesItem.getValue()).map((rule) => rule.id)).not.toContain('preset.gleantap.push');
  });

  it('runs no rule a content script planted or switched on in storage.local', async () => {
    const store = createRuleStore();
    const presets = await store.list();
    await fakeBrowser.storage.local.set({
      automationRules: [...presets.map((rule) => ({ ...rule, enabled: true })), custom],
    });
    expect(await createRuleStore().list()).toEqual(presets);
    expect(presets.every((rule) => !rule.enabled)).toBe(true);
  });

  it('loses neither of two saves made at the same time', async () => {
    const store = createRuleStore();
    await Promise.all([store.save(custom), store.save({ ...custom, id: 'custom.2' })]);
    expect((await store.list()).map((rule) => rule.id)).toEqual(
      expect.arrayContaining(['custom.1', 'custom.2']),
    );
  });

  it('drops stored rules that no longer match the schema instead of running them', async () => {
    await rulesItem.setValue([
      custom,
      { ...custom, id: 'bad', actions: [{ type: 'contact.delete' }] } as unknown as Rule,
    ]);
    expect((await createRuleStore().list()).map((rule) => rule.id)).toEqual(['custom.1']);
  });

  it(`refuses a rule beyond ${MAX_RULES}`, async () => {
    const store = createMemoryRuleStore(
      Array.from({ length: MAX_RULES }, (_, i) => ({ ...custom, id: `r${i}` })),
    );
    await expect(store.save({ ...custom, id: 'one-more' })).rejects.toBeInstanceOf(RuleLimitError);
    await expect(store.save({ ...custom, id: 'r3', name: 'still fine' })).resolves.toMatchObject({
      name: 'still fine',
    });
  });
});

describe('the page memory', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps the last page per site in storage.session', async () => {
    const pages = createSessionPageMemory();
    await pages.remember({ site: 'gleantap', hostRecordId: 'a' }, 1);
    await pages.remember({ site: 'gleantap', hostRecordId: 'b' }, 2);
    expect(await pages.last('gleantap')).toEqual({ contact: { site: 'gleantap', hostRecordId: 'b' }, at: 2 });
    expect(await pages.last('gestioo')).toBeNull();
    expect(await fakeBrowser.storage.session.get('automationPages')).toHaveProperty('automationPages');
  });
});
