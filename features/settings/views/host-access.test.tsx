// @vitest-environment jsdom
/**
 * The popup and the options page when the browser withholds the host permissions: one sentence and "Allow", in
 * English and in Spanish; the click asks the browser at once, and the sentence goes when the grant comes and
 * comes back when it is revoked, without a reload.
 */
import { signal } from '@preact/signals';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../lib/messaging/reply';
import { setTestLanguage, type TestLanguage } from '../../../test/i18n-fake';
import { fakeHostAccess } from '../../../test/support/fake-host-access';
import { createHostAccessState } from '../host-access';
import type { sendMessage } from '../messenger';
import { createPopupState } from '../popup-state';
import type { OptionsState } from '../state';
import { OptionsPage } from './OptionsPage';
import { Popup } from './Popup';

// The options page's recipes section asks the background for its list: no background here, an empty list.
vi.mock('../../recipes/messenger', () => ({
  sendRecipeMessage: async () => ({ ok: true, value: { recipes: [], rejected: [] } }),
}));

vi.mock('../../automations/protocol', async (original) => ({
  ...(await original<typeof import('../../automations/protocol')>()),
  sendAutomationMessage: async () => ({ ok: false, error: { kind: 'network.offline' } }),
}));

afterEach(() => {
  cleanup();
  setTestLanguage('en');
});

const SENTENCE = {
  en: 'The browser has not given HighLevel Sidebar access to HighLevel and your CRM sites, so it cannot show your contacts.',
  es: 'El navegador no ha dado a HighLevel Sidebar acceso a HighLevel y a tus CRM, así que no puede mostrar tus contactos.',
};
const ALLOW = { en: 'Allow access', es: 'Permitir acceso' };
const STATUS = { connections: [], locationId: null, canWrite: false, oauthReady: false };

function popup(host: ReturnType<typeof fakeHostAccess>) {
  const send = (async (type: string) =>
    type === 'host-access.get' ? host.ask() : ok(STATUS)) as unknown as typeof sendMessage;
  const state = createPopupState(send, () => undefined, host.access);
  void state.load();
  return <Popup state={state} />;
}

function optionsPage(host: ReturnType<typeof fakeHostAccess>) {
  const state = {
    status: signal(STATUS),
    statusError: signal(null),
    bindings: signal({}),
    overrides: signal({}),
    tests: signal({}),
    oauthApp: signal(null),
    hostAccess: createHostAccessState(host.ask, host.access),
    refresh: async () => undefined,
  } as unknown as OptionsState;
  void state.hostAccess.load();
  return <OptionsPage state={state} />;
}

describe.each([
  ['the popup', popup],
  ['the options page', optionsPage],
])('%s without the host permissions', (_, page) => {
  it.each(['en', 'es'] as TestLanguage[])(
    'says so in one sentence with "Allow" (%s), asks the browser in the click itself, and follows the grant',
    async (language) => {
      setTestLanguage(language);
      const host = fakeHostAccess(false);
      render(page(host));
      const notice = await screen.findByTestId('host-access');
      expect(notice.textContent).toBe(`${SENTENCE[language]}${ALLOW[language]}`);
      fireEvent.click(screen.getByRole('button', { name: ALLOW[language] }));
      // Within the click: the browser only asks from a user gesture.
      expect(host.request).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(screen.queryByTestId('host-access')).toBeNull());
      // Revoked in the browser's settings: the background says so and the sentence is back.
      act(() => host.set({ granted: false, highLevel: true }));
      await screen.findByText(SENTENCE[language]);
    },
  );

  it('says nothing while they are granted', async () => {
    render(page(fakeHostAccess(true)));
    await new Promise((done) => setTimeout(done, 20));
    expect(screen.queryByTestId('host-access')).toBeNull();
    expect(screen.queryByText(SENTENCE.en)).toBeNull();
  });
});
