import { describe, expect, it } from 'vitest';
import { createSeenAssignees } from './seen-assignees';

describe('seen assignees', () => {
  it('lists the ids seen in a location, the most recently seen first', () => {
    const seen = createSeenAssignees();
    seen.note('loc1', ['UsrA', 'UsrB']);
    seen.note('loc1', ['UsrC', 'UsrA']);
    expect(seen.list('loc1')).toEqual(['UsrA', 'UsrC', 'UsrB']);
  });

  it('keeps each location apart', () => {
    const seen = createSeenAssignees();
    seen.note('loc1', ['UsrA']);
    seen.note('loc2', ['UsrB']);
    expect(seen.list('loc1')).toEqual(['UsrA']);
    expect(seen.list('loc2')).toEqual(['UsrB']);
    expect(seen.list('loc3')).toEqual([]);
  });

  it('stays within its bound by dropping the ids seen longest ago', () => {
    const seen = createSeenAssignees(3);
    seen.note('loc1', ['U1', 'U2', 'U3', 'U4']);
    seen.note('loc1', ['U2', 'U5']);
    expect(seen.list('loc1')).toEqual(['U5', 'U2', 'U4']);
  });

  it('skips empty values and ids the write routes would refuse', () => {
    const seen = createSeenAssignees();
    seen.note('loc1', [undefined, null, '', 'has space', '<script>', 'x'.repeat(129), 'UsrOk_1']);
    expect(seen.list('loc1')).toEqual(['UsrOk_1']);
  });

  it('forgets a location', () => {
    const seen = createSeenAssignees();
    seen.note('loc1', ['UsrA']);
    seen.forget('loc1');
    expect(seen.list('loc1')).toEqual([]);
  });
});
