// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fail, ok, type Reply } from '../../../lib/messaging/reply';
import { setTestLanguage } from '../../../test/i18n-fake';
import type { StatusView } from '../../settings/protocol';
import type { sendMessage } from '../messenger';
import type { ContactView, FoundView, MatchView } from '../protocol';
import { createContactSearch } from '../search';
import { createSidebarState } from '../state';
import { ContactSearchBox } from './ContactSearch';
import { Sidebar } from './Sidebar';

afterEach(() => {
  cleanup();
  setTestLanguage('en');
});

const person = (id: string, over: Partial<ContactView> = {}): ContactView => ({
  id,
  locationId: 'L1',
  name: id,
  tags: [],
  customFields: [],
  ...over,
});
const ben = person('BenCarterCnt00000002', {
  name: 'Ben Carter',
  email: 'ben.carter@example.com',
  phone: '+15551234567',
  companyName: 'Northwind Traders',
});
const bea = person('BeaCarterCnt00000009', { name: 'Bea Carter', email: 'bea@example.com' });

/** A background that answers contact.find with `answer(query)`, recording each query. */
function finder(answer: (query: string) => Reply<FoundView> | Promise<Reply<FoundView>>) {
  const queries: string[] = [];
  const send = vi.fn(async (type: string, data: { query: string }) => {
    if (type !== 'contact.find') return ok(null);
    queries.push(data.query);
    return answer(data.query);
  }) as unknown as typeof sendMessage;
  return { send, queries };
}
const found = (query: string, contacts: ContactView[], exact = false): Reply<FoundView> =>
  ok({ query, contacts, exact });

const wait = (ms: number) => act(async () => new Promise((r) => setTimeout(r, ms)));
const DEBOUNCE = 20;

function box(answer: Parameters<typeof finder>[0], extra: { onEscape?: () => void } = {}) {
  const { send, queries } = finder(answer);
  const search = createContactSearch('gleantap', send, DEBOUNCE);
  const picked: string[] = [];
  render(
    <ContactSearchBox
      search={search}
      idPrefix="t"
      onPick={(id) => picked.push(id)}
      {...(extra.onEscape ? { onEscape: extra.onEscape } : {})}
    />,
  );
  const input = screen.getByRole('combobox', { name: 'Search HighLevel by name, email or phone' });
  const type = (value: string) => fireEvent.input(input, { target: { value } });
  return { search, input, type, queries, picked };
}

describe('the search box: what it asks', () => {
  it('asks nothing under 2 characters, and says so', async () => {
    const { type, queries } = box((q) => found(q, [ben]));
    type('b');
    await wait(DEBOUNCE * 3);
    expect(queries).toEqual([]);
    expect(screen.getByRole('status').textContent).toBe('Type at least 2 characters.');
  });

  it('asks once the agent pauses: typing a name letter by letter is one question', async () => {
    const { type, queries } = box((q) => found(q, [ben]));
    for (const value of ['c', 'ca', 'car', 'cart', 'carte', 'carter']) type(value);
    await wait(DEBOUNCE * 4);
    expect(queries).toEqual(['carter']);
  });

  it('keeps one question out at a time, and asks only the latest text once it answers', async () => {
    const releases: (() => void)[] = [];
    const { type, queries } = box(
      (q) => new Promise((resolve) => releases.push(() => resolve(found(q, q === 'bea' ? [bea] : [ben])))),
    );
    type('be');
    await wait(DEBOUNCE * 3);
    type('ben');
    await wait(DEBOUNCE * 3);
    type('bea');
    await wait(DEBOUNCE * 3);
    expect(queries).toEqual(['be']);
    releases.shift()?.();
    await wait(DEBOUNCE);
    expect(queries).toEqual(['be', 'bea']);
    releases.shift()?.();
    await wait(DEBOUNCE);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      expect.stringContaining('Bea Carter'),
    ]);
  });
});

describe('the search box: states and keys', () => {
  it('shows each result’s name, email, phone and company, and says how many', async () => {
    const { type } = box((q) => found(q, [ben, bea]));
    type('carter');
    await wait(DEBOUNCE * 3);
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]?.textContent).toContain('Ben Carter');
    expect(options[0]?.textContent).toContain('ben.carter@example.com · +15551234567 · Northwind Traders');
    expect(screen.getByRole('status').textContent).toBe('2 contacts found. Pick the one this record is.');
    expect(screen.getByRole('listbox', { name: 'HighLevel contacts found' })).toBeTruthy();
  });

  it('moves with the arrows (wrapping), picks with Enter, and points the input at the active option', async () => {
    const { type, input, picked } = box((q) => found(q, [ben, bea]));
    type('carter');
    await wait(DEBOUNCE * 3);
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBeNull();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe('t-option-0');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-activedescendant')).toBe('t-option-0');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(input.getAttribute('aria-activedescendant')).toBe('t-option-1');
    expect(screen.getAllByRole('option')[1]?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(picked).toEqual([bea.id]);
  });

  it('picks with a click too', async () => {
    const { type, picked } = box((q) => found(q, [ben, bea]));
    type('carter');
    await wait(DEBOUNCE * 3);
    fireEvent.click(screen.getByRole('option', { name: /Ben Carter/ }));
    expect(picked).toEqual([ben.id]);
  });

  it('Escape closes the results, then clears the box, then closes the box; each is kept from the frame', async () => {
    const onEscape = vi.fn();
    const { type, input } = box((q) => found(q, [ben]), { onEscape });
    type('carter');
    await wait(DEBOUNCE * 3);
    const pressEscape = () => fireEvent.keyDown(input, { key: 'Escape', cancelable: true });
    expect(pressEscape()).toBe(false);
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(pressEscape()).toBe(false);
    expect((input as HTMLInputElement).value).toBe('');
    expect(onEscape).not.toHaveBeenCalled();
    expect(pressEscape()).toBe(false);
    expect(onEscape).toHaveBeenCalledTimes(1);
  });

  it('lets Escape through in an empty box that cannot close', async () => {
    const { input } = box((q) => found(q, []));
    expect(fireEvent.keyDown(input, { key: 'Escape', cancelable: true })).toBe(true);
  });

  it('says nobody matches, with the query as text', async () => {
    const { type } = box((q) => found(q, []));
    type('<b>zz</b>');
    await wait(DEBOUNCE * 3);
    expect(screen.getByRole('status').textContent).toBe('No HighLevel contact matches “<b>zz</b>”.');
    expect(document.querySelector('.hls-contact-search b')).toBeNull();
  });

  it('renders markup in results as inert text', async () => {
    const payload = '<img src=x onerror="window.__xss=1">';
    const { type } = box((q) =>
      found(q, [person('Xss0000000000000001', { name: payload, companyName: '<svg>' })]),
    );
    type('xss');
    await wait(DEBOUNCE * 3);
    expect(screen.getByRole('option').textContent).toContain(payload);
    expect(document.querySelector('.hls-contact-search img, .hls-contact-search svg')).toBeNull();
  });

  it('explains a failure and retries it on request, keeping focus in the box', async () => {
    let calls = 0;
    const { type, input, queries } = box((q) =>
      calls++ === 0 ? fail({ kind: 'rate.limited', daily: true }) : found(q, [ben]),
    );
    type('carter');
    await wait(DEBOUNCE * 3);
    expect(screen.getByRole('alert').textContent).toContain('quota is used up');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await wait(DEBOUNCE);
    expect(queries).toEqual(['carter', 'carter']);
    expect(screen.getAllByRole('option')).toHaveLength(1);
    expect(document.activeElement).toBe(input);
  });

  it('speaks Spanish', async () => {
    setTestLanguage('es');
    const { send } = finder((q) => found(q, [ben]));
    const search = createContactSearch('gleantap', send, DEBOUNCE);
    render(<ContactSearchBox search={search} idPrefix="es" onPick={() => undefined} />);
    const input = screen.getByRole('combobox', { name: 'Buscar en HighLevel por nombre, email o teléfono' });
    expect(input.getAttribute('placeholder')).toBe('Nombre, email o teléfono');
    fireEvent.input(input, { target: { value: 'b' } });
    expect(screen.getByRole('status').textContent).toBe('Escribe al menos 2 caracteres.');
    fireEvent.input(input, { target: { value: 'carter' } });
    await wait(DEBOUNCE * 3);
    expect(screen.getByRole('status').textContent).toBe(
      '1 contacto encontrado. Elige el que corresponde a este registro.',
    );
    expect(screen.getByRole('listbox', { name: 'Contactos de HighLevel encontrados' })).toBeTruthy();
  });
});

describe('the sidebar: searching by hand', () => {
  const status: StatusView = {
    connections: [
      { locationId: 'L1', mode: 'pit', scopes: ['contacts.readonly', 'contacts.write'], connectedAt: 0 },
    ],
    locationId: 'L1',
    canWrite: false,
    oauthReady: false,
  };
  const page = { site: 'gleantap' as const, hostRecordId: 'gt_1005', name: 'Nora Quintana' };

  /** A background where the page first matches `first`, and after a link shows the linked contact. */
  function background(first: MatchView) {
    let linked: string | null = null;
    const sent: [string, unknown][] = [];
    const send = (async (type: string, data: { query?: string; contactId?: string | null }) => {
      sent.push([type, data]);
      switch (type) {
        case 'status.get':
          return ok(status);
        case 'contact.match':
          return ok(
            linked ? { status: 'linked', locationId: 'L1', contactId: linked, candidates: [] } : first,
          );
        case 'contact.find':
          return found(data.query ?? '', [ben, bea]);
        case 'contact.link':
          linked = data.contactId ?? null;
          return ok(null);
        case 'contact.sections':
          return ok({
            contact: { ok: true, view: { data: linked === ben.id ? ben : bea, fetchedAt: 1, stale: false } },
          });
        default:
          return ok([]);
      }
    }) as unknown as typeof sendMessage;
    return { send, sent };
  }

  async function open(first: MatchView) {
    const { send, sent } = background(first);
    const state = createSidebarState('gleantap', send);
    await state.loadStatus();
    state.openPage(page, true);
    await wait(0);
    render(<Sidebar state={state} onClose={() => undefined} onOpenOptions={() => undefined} />);
    return { state, sent };
  }

  it('offers the search where nobody matched, and links the pick to the page’s record', async () => {
    const { sent } = await open({ status: 'none', locationId: 'L1', candidates: [] });
    const input = screen.getByRole('combobox', { name: 'Search HighLevel by name, email or phone' });
    fireEvent.input(input, { target: { value: 'carter' } });
    await wait(400);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Enter' });
    await wait(50);
    expect(sent).toContainEqual([
      'contact.link',
      { site: 'gleantap', hostRecordId: 'gt_1005', contactId: ben.id },
    ]);
    expect(screen.getByText('Linked to this record by hand.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Not this contact' })).toBeTruthy();
  });

  it('offers it under the candidates of an uncertain match', async () => {
    await open({
      status: 'ambiguous',
      locationId: 'L1',
      candidates: [{ contact: bea, matchedOn: 'name' }],
    });
    expect(screen.getByText(/Pick the right one/)).toBeTruthy();
    expect(
      screen.getByRole('combobox', { name: 'None of these? Search HighLevel by name, email or phone' }),
    ).toBeTruthy();
  });

  it('opens from the header over a matched contact, focused; Escape closes it and focus goes back', async () => {
    const { sent } = await open({
      status: 'matched',
      locationId: 'L1',
      candidates: [{ contact: bea, matchedOn: 'email' }],
    });
    await wait(0);
    const button = screen.getByRole('button', { name: 'Search HighLevel' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(button);
    await wait(0);
    const input = screen.getByRole('combobox', { name: 'Search HighLevel by name, email or phone' });
    expect(document.activeElement).toBe(input);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(input, { key: 'Escape' });
    await wait(0);
    expect(screen.queryByRole('combobox', { name: /Search HighLevel/ })).toBeNull();
    expect(document.activeElement).toBe(button);
    // Re-linking a wrong automatic match: pick another contact from the header's search.
    fireEvent.click(button);
    await wait(0);
    fireEvent.input(screen.getByRole('combobox', { name: /Search HighLevel/ }), { target: { value: 'ben' } });
    await wait(400);
    fireEvent.click(screen.getByRole('option', { name: /Ben Carter/ }));
    await wait(50);
    expect(sent).toContainEqual([
      'contact.link',
      { site: 'gleantap', hostRecordId: 'gt_1005', contactId: ben.id },
    ]);
    expect(screen.queryByRole('combobox', { name: /Search HighLevel/ })).toBeNull();
  });

  it('says "Buscar en HighLevel" in the Spanish header', async () => {
    setTestLanguage('es');
    await open({ status: 'matched', locationId: 'L1', candidates: [{ contact: bea, matchedOn: 'email' }] });
    await wait(0);
    expect(screen.getByRole('button', { name: 'Buscar en HighLevel' })).toBeTruthy();
  });
});
