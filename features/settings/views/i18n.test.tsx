// @vitest-environment jsdom
/**
 * The extension pages in Spanish: each page is rendered in the same state in English and in Spanish, and no
 * visible text (nor accessible name, nor placeholder) may stay the same in both, except data, proper nouns,
 * numbers and code.
 */
import { signal } from '@preact/signals';
import { act, cleanup, render, waitFor } from '@testing-library/preact';
import type { JSX } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setTestLanguage, type TestLanguage } from '../../../test/i18n-fake';
import { editorBackend, TEST_LOCATION } from '../../../test/support/automations-editor-backend';
import { createAutomationsEditorState } from '../../automations/editor-state';
import type { BusinessReport } from '../../automations/log';
import type { Rule } from '../../automations/model';
import { createReportState } from '../../automations/report-state';
import { AutomationsEditor } from '../../automations/views/AutomationsEditor';
import { ReportPage } from '../../automations/views/ReportPage';
import { ReportView } from '../../automations/views/ReportView';
import type { sendMessage } from '../messenger';
import { createPopupState } from '../popup-state';
import type { OptionsState } from '../state';
import { OptionsPage } from './OptionsPage';
import { Popup } from './Popup';

const popupStatus = vi.hoisted(() => ({
  connections: [
    {
      locationId: 've9EPM428h8vShlRW1KT',
      locationName: 'Sunrise Fitness',
      mode: 'pit' as const,
      scopes: ['contacts.readonly'],
      connectedAt: 1,
    },
  ],
  locationId: null,
  canWrite: false,
  oauthReady: false,
}));

// The options page's recipes section asks the background for its list: no background here, an empty list.
vi.mock('../../recipes/messenger', () => ({
  sendRecipeMessage: async () => ({ ok: true, value: { recipes: [], rejected: [] } }),
}));

vi.mock('../messenger', async (original) => ({
  ...(await original<typeof import('../messenger')>()),
  sendMessage: async (type: string) =>
    type === 'status.get'
      ? { ok: true, value: structuredClone(popupStatus) }
      : { ok: false, error: { kind: 'network.offline' } },
}));

/** The popup's background: its status, and offline for anything else. */
const popupSend = (async (type: string) =>
  type === 'status.get'
    ? { ok: true, value: structuredClone(popupStatus) }
    : { ok: false, error: { kind: 'network.offline' } }) as unknown as typeof sendMessage;

// The editor inside the options page talks to a background that is offline here: it says so in a sentence.
vi.mock('../../automations/protocol', async (original) => ({
  ...(await original<typeof import('../../automations/protocol')>()),
  sendAutomationMessage: async () => ({ ok: false, error: { kind: 'network.offline' } }),
}));

afterEach(() => {
  cleanup();
  setTestLanguage('en');
});

const LOCATION = TEST_LOCATION;

/** Strings that are the same in every language: names, data from HighLevel or the page, code, numbers. */
const SAME_IN_EVERY_LANGUAGE = new Set([
  'HighLevel',
  'HighLevel Sidebar',
  'Gestioo',
  'Gleantap',
  'OAuth',
  'Sunrise Fitness',
  'Gimnasio Sol',
  'Ana García',
  'Nora Quintana',
  'Ben',
  'Cara',
  'CSV',
  '+ Variable',
  '{{task.dueDate || today+1d}}',
  'traceId',
  'id',
  // Template variables without a group.
  'site',
  'today',
  'now',
]);

function allowed(text: string): boolean {
  if (!/\p{L}/u.test(text)) return true;
  if (SAME_IN_EVERY_LANGUAGE.has(text)) return true;
  // Code and identifiers: variables, scopes, paths, ids, emails, JSON bodies.
  if (/^(GET|POST|PUT|DELETE)( \/|$)/.test(text) || /^[{[]/.test(text)) return true;
  return !/\s/.test(text) && /[./{}_:@\d]/.test(text);
}

/** What a person perceives of the page: text nodes, accessible names, placeholders and titles. */
function perceived(root: Element): string[] {
  const found: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent?.trim();
    if (text) found.push(text);
  }
  for (const element of root.querySelectorAll('[aria-label], [placeholder], [title]')) {
    for (const name of ['aria-label', 'placeholder', 'title']) {
      const value = element.getAttribute(name)?.trim();
      if (value) found.push(value);
    }
  }
  return found;
}

/** Renders the same scene in both languages and lists the English texts the Spanish page still shows. */
async function leaks(scene: (language: TestLanguage) => Promise<string[]>) {
  const english = await scene('en');
  cleanup();
  const spanish = await scene('es');
  cleanup();
  expect(spanish).not.toEqual([]);
  expect(spanish.length).toBe(english.length);
  return { english, spanish, leaked: english.filter((text, i) => text === spanish[i] && !allowed(text)) };
}

/** Renders in `language`, waits for `ready`, and returns what the page shows. */
async function shown(
  language: TestLanguage,
  ui: () => JSX.Element,
  ready: (root: Element) => void,
): Promise<Element> {
  setTestLanguage(language);
  const { container } = render(ui());
  await waitFor(() => ready(container));
  return container;
}

const backend = editorBackend;

const texts = (root: Element) => perceived(root);

describe('the extension pages in Spanish', () => {
  it('show the options page with no English left, connection facts and checks included', async () => {
    const scene = async (language: TestLanguage) => {
      setTestLanguage(language);
      const state = {
        status: signal({
          connections: [
            {
              locationId: LOCATION,
              locationName: 'Sunrise Fitness',
              mode: 'pit',
              scopes: ['contacts.readonly'],
              connectedAt: Date.UTC(2026, 10, 20, 9, 30),
              lastRefreshAt: Date.UTC(2026, 10, 21, 9, 30),
            },
          ],
          rates: {
            [LOCATION]: {
              remaining: 95,
              limit: 100,
              intervalMs: 10_000,
              exhausted: false,
              dailyRemaining: 190_000,
              dailyLimit: 200_000,
            },
          },
          locationId: null,
          canWrite: false,
          oauthReady: false,
        }),
        statusError: signal(null),
        bindings: signal({}),
        overrides: signal({}),
        tests: signal({
          [LOCATION]: [
            { name: 'POST /contacts/search', ok: true },
            {
              name: 'GET /contacts/:id/tasks',
              ok: false,
              error: { kind: 'scope.missing', scope: 'contacts.readonly' },
            },
          ],
        }),
        oauthApp: signal(null),
        hostAccess: { view: signal({ granted: false, highLevel: false }), allow: () => undefined },
        refresh: async () => undefined,
        test: async () => undefined,
        remove: async () => undefined,
        bind: async () => undefined,
        saveOverrides: async () => undefined,
        connectOAuth: async () => ({ ok: false, error: { kind: 'auth.cancelled' } }),
        addPit: async () => ({ ok: false, error: { kind: 'validation' } }),
        saveOAuthApp: async () => ({ ok: false, error: { kind: 'validation' } }),
      } as unknown as OptionsState;
      const { container } = render(<OptionsPage state={state} />);
      await waitFor(() => expect(container.querySelector('.auto [role="alert"]')).not.toBeNull());
      for (const details of container.querySelectorAll('details')) details.open = true;
      return texts(container);
    };
    const { english, leaked } = await leaks(scene);
    expect(english).toContain('Page recognition (advanced)');
    expect(english).toContain('Read only');
    expect(leaked).toEqual([]);
  });

  it('show the automations editor, a rule being edited, its dry run and the run log with no English left', async () => {
    const scene = async (language: TestLanguage) => {
      setTestLanguage(language);
      const { send, rules, engine } = backend();
      const preset = (await rules.get('preset.gestioo.new-client')) as Rule;
      await rules.save({ ...preset, enabled: true });
      await engine.onHostEvent('gestioo', {
        type: 'contact.created',
        contact: { site: 'gestioo', hostRecordId: 'c42', name: 'Nora Quintana', email: 'nora@example.com' },
      });
      const editor = createAutomationsEditorState(send);
      const { container } = render(<AutomationsEditor state={editor} />);
      await waitFor(() => expect(container.querySelectorAll('.auto-run')).toHaveLength(1));
      await act(async () => {
        editor.edit(preset.id);
        editor.change((draft) => {
          draft.condition = {
            match: 'any',
            clauses: [
              { kind: 'field', field: 'task.title', op: 'contains', value: 'x' },
              { kind: 'tag', op: 'lacks', tag: 'vip' },
            ],
          };
          draft.actions.push(
            { type: 'tags.add', tags: ['vip'] },
            { type: 'business.report', maxContacts: 5 },
          );
        });
        editor.setSample({ name: 'Nora Quintana', email: 'nora@example.com', hostRecordId: 'c42' });
        await editor.runDry();
      });
      await waitFor(() => expect(container.querySelector('[data-testid="dry-run-result"]')).not.toBeNull());
      for (const details of container.querySelectorAll('details')) details.open = true;
      return texts(container);
    };
    const { english, spanish, leaked } = await leaks(scene);
    expect(english).toContain('Recent runs');
    expect(spanish).toContain('Ejecuciones recientes');
    expect(leaked).toEqual([]);
  });

  it('show a company report and the report page with no English left, numbers formatted for Spain', async () => {
    const report: BusinessReport = {
      id: 'rep1',
      createdAt: Date.UTC(2026, 2, 10, 12),
      site: 'gestioo',
      locationId: LOCATION,
      business: { name: 'Gimnasio Sol', businessIds: ['Biz'] },
      rows: [
        { contactId: 'a', name: 'Ana García', openTasks: 1200, overdueTasks: 2, nextDue: '2026-03-01' },
        { contactId: 'b', name: 'Ben', openTasks: 1, overdueTasks: 0, lastActivity: '2026-02-01' },
        { contactId: 'c', name: 'Cara', openTasks: null, overdueTasks: null },
      ],
      truncated: true,
      maxContacts: 3,
    };
    const view = await leaks(async (language) =>
      texts(
        await shown(
          language,
          () => <ReportView report={report} />,
          () => undefined,
        ),
      ),
    );
    expect(view.leaked).toEqual([]);
    expect(view.spanish).toContain('1201');
    expect(view.english).toContain('1,201');

    const page = await leaks(async (language) => {
      const { send } = backend();
      await send('automations.buildReport', { site: 'gestioo', businessName: 'Gimnasio Sol' });
      return texts(
        await shown(
          language,
          () => <ReportPage state={createReportState(send)} initialId="gone" />,
          (root) => {
            expect(root.querySelector('[role="alert"]')).not.toBeNull();
            expect(root.querySelector('.opt-list li')).not.toBeNull();
          },
        ),
      );
    });
    expect(page.leaked).toEqual([]);
  });

  it('show the popup with no English left', async () => {
    const { english, leaked } = await leaks(async (language) =>
      texts(
        await shown(
          language,
          () => {
            const state = createPopupState(popupSend, () => undefined);
            void state.load();
            return <Popup state={state} />;
          },
          (root) => expect(root.querySelector('li')).not.toBeNull(),
        ),
      ),
    );
    expect(english.join(' ')).toContain('read only');
    expect(leaked).toEqual([]);
  });
});
