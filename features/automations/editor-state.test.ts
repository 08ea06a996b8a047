import { describe, expect, it, vi } from 'vitest';
import { createAutomationsEditorState, EMPTY_SAMPLE, sampleEvent } from './editor-state.ts';
import type { AutomationSend } from './protocol.ts';

describe('sampleEvent', () => {
  it('builds the contact event the form describes, leaving out empty fields', () => {
    expect(
      sampleEvent('gleantap', {
        ...EMPTY_SAMPLE,
        type: 'contact.created',
        name: ' Ana ',
        email: 'ana@example.com',
      }),
    ).toEqual({
      type: 'contact.created',
      contact: { site: 'gleantap', hostRecordId: 'sample-1', name: 'Ana', email: 'ana@example.com' },
    });
  });

  it('builds task and company events, and says what is missing', () => {
    expect(
      sampleEvent('gleantap', {
        ...EMPTY_SAMPLE,
        type: 'task.created',
        taskTitle: 'Call',
        taskDue: '2026-03-12',
      }),
    ).toMatchObject({
      type: 'task.created',
      task: { title: 'Call', dueDate: '2026-03-12' },
    });
    expect(sampleEvent('gleantap', { ...EMPTY_SAMPLE, type: 'task.created' })).toEqual({
      problem: 'Give the sample task a title.',
    });
    expect(
      sampleEvent('gestioo', { ...EMPTY_SAMPLE, type: 'business.updated', businessName: 'Acme' }),
    ).toEqual({
      type: 'business.updated',
      business: { name: 'Acme' },
    });
    expect(sampleEvent('gestioo', { ...EMPTY_SAMPLE, hostRecordId: '../x' })).toHaveProperty('problem');
  });
});

describe('the editor state', () => {
  it('drops the triggers a site cannot notice when the draft moves to it', () => {
    const editor = createAutomationsEditorState(vi.fn() as unknown as AutomationSend);
    editor.startNew('gestioo');
    editor.change((rule) => {
      rule.triggers = ['contact.created', 'business.updated'];
    });
    editor.change((rule) => {
      rule.site = 'gleantap';
    });
    expect(editor.draft.value?.triggers).toEqual(['contact.created']);
    expect(editor.sample.value.type).toBe('contact.created');
  });

  it('does not send a rule with errors, and announces them once a save was tried', async () => {
    const send = vi.fn();
    const editor = createAutomationsEditorState(send as unknown as AutomationSend);
    editor.startNew('gleantap');
    expect(editor.attempted.value).toBe(false);
    expect(await editor.save()).toBeNull();
    expect(send).not.toHaveBeenCalled();
    expect(editor.attempted.value).toBe(true);
    expect(editor.errors.value.map((issue) => issue.message)).toEqual(['A rule needs a name.']);
  });

  it('turns an unreachable background into an error value instead of a throw', async () => {
    const send = vi.fn(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const editor = createAutomationsEditorState(send as unknown as AutomationSend);
    await editor.load();
    expect(editor.view.value).toEqual({ state: 'error', error: { kind: 'internal' } });
  });
});
