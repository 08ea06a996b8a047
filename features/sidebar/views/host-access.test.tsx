// @vitest-environment jsdom
/**
 * The sidebar when the browser withholds HighLevel: one sentence and "Allow" instead of the contact, in English
 * and in Spanish; once granted, the contact is asked for again, without a reload. Where the browser will not ask
 * from the frame, "Allow" opens the settings, which can.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { fail, ok } from '../../../lib/messaging/reply';
import { setTestLanguage, type TestLanguage } from '../../../test/i18n-fake';
import { fakeHostAccess } from '../../../test/support/fake-host-access';
import type { StatusView } from '../../settings/protocol';
import type { sendMessage } from '../messenger';
import type { ContactView } from '../protocol';
import { createSidebarState } from '../state';
import { Sidebar } from './Sidebar';

afterEach(() => {
  cleanup();
  setTestLanguage('en');
});

const SENTENCE = {
  en: 'The browser has not given HighLevel Sidebar access to HighLevel and your CRM sites, so it cannot show your contacts.',
  es: 'El navegador no ha dado a HighLevel Sidebar acceso a HighLevel y a tus CRM, así que no puede mostrar tus contactos.',
};
const ALLOW = { en: 'Allow access', es: 'Permitir acceso' };
const status: StatusView = {
  connections: [{ locationId: 'L1', mode: 'pit', scopes: ['contacts.readonly'], connectedAt: 0 }],
  locationId: 'L1',
  canWrite: false,
  oauthReady: false,
};
const ana: ContactView = { id: 'c1', locationId: 'L1', name: 'Ana García', tags: [], customFields: [] };

async function shown(requestFails = false) {
  const host = fakeHostAccess(false, { requestFails });
  const sent: string[] = [];
  const send = (async (type: string) => {
    sent.push(type);
    if (type === 'host-access.get') return host.ask();
    if (type === 'status.get') return ok(status);
    if (type === 'contact.match') {
      // As the background answers: nothing reaches HighLevel without the grant.
      const access = await host.ask();
      if (!access.value.highLevel) return fail({ kind: 'permission.missing' });
      return ok({
        status: 'matched',
        locationId: 'L1',
        candidates: [{ contact: ana, matchedOn: 'email' }],
        sections: { contact: { ok: true, view: { data: ana, fetchedAt: 1, stale: false } } },
      });
    }
    return ok([]);
  }) as unknown as typeof sendMessage;
  const state = createSidebarState('gleantap', send, host.access);
  await state.loadStatus();
  state.openPage({ site: 'gleantap', hostRecordId: 'gt_1', email: 'ana@example.com' }, true);
  render(<Sidebar state={state} onClose={() => undefined} onOpenOptions={() => undefined} />);
  return { host, sent };
}

describe('the sidebar without the host permission for HighLevel', () => {
  it.each(['en', 'es'] as TestLanguage[])(
    'says so with "Allow" (%s), asks the browser in the click itself, then shows the contact',
    async (language) => {
      setTestLanguage(language);
      const { host, sent } = await shown();
      const notice = await screen.findByTestId('host-access');
      expect(notice.textContent).toBe(`${SENTENCE[language]}${ALLOW[language]}`);
      expect(screen.queryByText('Ana García')).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: ALLOW[language] }));
      expect(host.request).toHaveBeenCalledTimes(1);
      await screen.findByText('Ana García');
      expect(screen.queryByTestId('host-access')).toBeNull();
      expect(sent.filter((type) => type === 'contact.match')).toHaveLength(2);
      // Revoked again: the sentence is back.
      act(() => host.set({ granted: false, highLevel: false }));
      await screen.findByText(SENTENCE[language]);
    },
  );

  it('opens the settings when the browser will not ask from the frame', async () => {
    const { host, sent } = await shown(true);
    fireEvent.click(await screen.findByRole('button', { name: ALLOW.en }));
    expect(host.request).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(sent).toContain('options.open'));
    expect(screen.getByTestId('host-access')).toBeTruthy();
  });
});
