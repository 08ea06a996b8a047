// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { focusFollower } from './focus';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  document.body.replaceChildren();
});

describe('focusFollower', () => {
  it('focuses the first selector rendered once the control it followed is gone', () => {
    vi.useFakeTimers();
    const form = document.createElement('form');
    const button = document.createElement('button');
    form.append(button);
    document.body.append(form);
    button.focus();
    const follow = focusFollower(form);
    form.remove();
    const next = document.createElement('button');
    next.className = 'next';
    next.getClientRects = () => [new DOMRect(0, 0, 10, 10)] as unknown as DOMRectList;
    document.body.append(next);
    follow(['.next']);
    vi.advanceTimersByTime(10);
    expect(document.activeElement).toBe(next);
  });

  it('does not touch the global document once its view’s document is gone (a test’s torn down, a frame unloaded)', () => {
    vi.useFakeTimers();
    const form = document.createElement('form');
    document.body.append(form);
    const follow = focusFollower(form);
    follow(['.never']);
    // What a finished test file leaves: the follower's timer outlives the environment's document.
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('ShadowRoot', undefined);
    expect(() => vi.advanceTimersByTime(2_000)).not.toThrow();
  });
});
