import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { ok } from './reply';
import { createDispatcher, type Route } from './router';

const self = {
  id: 'ourextensionidourextensionidabcd',
  baseUrl: 'chrome-extension://ourextensionidourextensionidabcd/',
};
const content = {
  id: self.id,
  url: 'https://app.gleantap.com/contacts/gt_1',
  frameId: 0,
  tab: { id: 4, url: 'https://app.gleantap.com/contacts/gt_1' },
};
const optionsPage = { id: self.id, url: `${self.baseUrl}options.html` };

function setup(granted: string[] | null = ['contacts.readonly']) {
  const write = vi.fn(async (_p: { title: string }) => ok('written'));
  const pageOnly = vi.fn(async () => ok('done'));
  // biome-ignore lint/suspicious/noExplicitAny: a route table holds routes of every payload and result type.
  const routes: Record<string, Route<any, any>> = {
    'task.add': {
      from: ['content-script', 'extension-page'],
      payload: v.strictObject({ title: v.pipe(v.string(), v.maxLength(20)) }),
      scope: { needs: 'contacts.write', location: () => 'LOC' },
      handle: write,
    },
    'admin.only': { from: ['extension-page'], payload: v.undefined(), handle: pageOnly },
  };
  const dispatch = createDispatcher(routes, { self, grantedScopes: async () => granted });
  return { dispatch, write, pageOnly };
}

describe('the message router', () => {
  it('runs a handler only for a trusted sender, a valid payload and a granted scope', async () => {
    const { dispatch, write } = setup(['contacts.readonly', 'contacts.write']);
    await expect(dispatch('task.add', { title: 'Call' }, content)).resolves.toEqual({
      ok: true,
      value: 'written',
    });
    expect(write).toHaveBeenCalledTimes(1);
  });

  it('refuses a write on a read-only connection before the handler runs, naming the scope', async () => {
    const { dispatch, write } = setup(['contacts.readonly']);
    await expect(dispatch('task.add', { title: 'Call' }, content)).resolves.toEqual({
      ok: false,
      error: { kind: 'scope.missing', scope: 'contacts.write' },
    });
    expect(write).not.toHaveBeenCalled();
  });

  it('rejects forged senders with no side effect: another extension, a sub-frame, an unsupported origin', async () => {
    const { dispatch, write } = setup(['contacts.readonly', 'contacts.write']);
    const forged = [
      { ...content, id: 'anotherextensionanotherextension' },
      { ...content, frameId: 2 },
      { ...content, url: 'https://evil.example/x', tab: { id: 4, url: 'https://evil.example/x' } },
      undefined,
    ];
    for (const sender of forged) {
      await expect(dispatch('task.add', { title: 'Call' }, sender)).resolves.toEqual({
        ok: false,
        error: { kind: 'sender.denied' },
      });
    }
    expect(write).not.toHaveBeenCalled();
  });

  it('keeps page-only messages away from content scripts', async () => {
    const { dispatch, pageOnly } = setup();
    await expect(dispatch('admin.only', undefined, content)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'sender.denied' },
    });
    await expect(dispatch('admin.only', undefined, optionsPage)).resolves.toEqual({
      ok: true,
      value: 'done',
    });
    expect(pageOnly).toHaveBeenCalledTimes(1);
  });

  it('rejects payloads that do not match the schema, and unknown message types', async () => {
    const { dispatch, write } = setup(['contacts.readonly', 'contacts.write']);
    await expect(dispatch('task.add', { title: 'x'.repeat(21) }, content)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'payload.invalid', path: 'title' },
    });
    await expect(dispatch('task.add', { title: 'ok', extra: 1 }, content)).resolves.toMatchObject({
      ok: false,
    });
    await expect(dispatch('__proto__', {}, content)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'payload.invalid' },
    });
    expect(write).not.toHaveBeenCalled();
  });

  it('says not connected when the location has no connection', async () => {
    const { dispatch } = setup(null);
    await expect(dispatch('task.add', { title: 'Call' }, content)).resolves.toEqual({
      ok: false,
      error: { kind: 'not.connected' },
    });
  });

  it('turns a handler crash into an internal error without details', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a route table holds routes of every payload and result type.
    const routes: Record<string, Route<any, any>> = {
      boom: {
        from: ['extension-page'],
        payload: v.undefined(),
        handle: async () => {
          throw new Error('secret detail pit-123');
        },
      },
    };
    const dispatch = createDispatcher(routes, { self, grantedScopes: async () => null });
    const reply = await dispatch('boom', undefined, optionsPage);
    expect(reply).toEqual({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(reply)).not.toContain('pit-123');
  });
});
