import { describe, expect, it } from 'vitest';
import { virtualWindow } from './virtual';

describe('virtualWindow', () => {
  it('keeps the rows in view plus a few on each side, whatever the list length', () => {
    const w = virtualWindow(5000, 44, 44 * 2000, 320, 6);
    expect(w.start).toBe(1994);
    expect(w.end - w.start).toBeLessThanOrEqual(6 + Math.ceil(320 / 44) + 1 + 6);
    expect(w.offset).toBe(1994 * 44);
    expect(w.totalHeight).toBe(5000 * 44);
  });

  it('clamps at both ends and for an empty list', () => {
    expect(virtualWindow(5000, 44, 0, 320, 6).start).toBe(0);
    expect(virtualWindow(10, 44, 10_000, 320, 6)).toMatchObject({ start: 3, end: 10 });
    expect(virtualWindow(0, 44, 0, 320)).toMatchObject({ start: 0, end: 0, totalHeight: 0 });
  });
});
