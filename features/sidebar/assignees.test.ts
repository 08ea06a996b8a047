import { describe, expect, it } from 'vitest';
import { assigneeOptions, defaultAssignee } from './assignees';

describe('assignee options', () => {
  it('offers nobody, the owner, me and the ids seen, labelled, each once', () => {
    expect(
      assigneeOptions({ ownerId: 'UsrOwner', meId: 'UsrMe', seen: ['UsrX', 'UsrOwner', 'UsrMe'] }),
    ).toEqual([
      { value: '', label: 'Nobody' },
      { value: 'UsrOwner', label: "Contact's owner" },
      { value: 'UsrMe', label: 'Me' },
      { value: 'UsrX', label: 'User UsrX' },
    ]);
  });

  it('says so when the owner is the connected user, without a second "Me"', () => {
    expect(assigneeOptions({ ownerId: 'UsrMe', meId: 'UsrMe' })).toEqual([
      { value: '', label: 'Nobody' },
      { value: 'UsrMe', label: "Contact's owner (me)" },
    ]);
  });

  it('offers no owner or me entry when neither is known (a token without a user, a contact without owner)', () => {
    expect(assigneeOptions({ seen: ['UsrX'] }).map((o) => o.label)).toEqual(['Nobody', 'User UsrX']);
  });

  it("always offers the task's current assignee, and leaves out nobody when it cannot be chosen", () => {
    expect(assigneeOptions({ current: 'UsrOld', allowNobody: false })).toEqual([
      { value: 'UsrOld', label: 'User UsrOld' },
    ]);
  });

  it("starts on the task's assignee, else the owner, else nobody", () => {
    expect(defaultAssignee({ ownerId: 'UsrOwner', current: 'UsrOld' })).toBe('UsrOld');
    expect(defaultAssignee({ ownerId: 'UsrOwner' })).toBe('UsrOwner');
    expect(defaultAssignee({})).toBe('');
  });
});
