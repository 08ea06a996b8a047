import { describe, expect, it } from 'vitest';
import { earlyKey, firstMatch } from './early';

describe('answers asked early', () => {
  it('are found by the same payload, whatever order its fields were written in', () => {
    const written = { settled: false, page: { hostRecordId: 'gt_1', site: 'gleantap' }, site: 'gleantap' };
    expect(earlyKey('contact.match', written)).toBe(
      earlyKey('contact.match', firstMatch('gleantap', 'gt_1')),
    );
  });

  it('are not mistaken for another type, contact or stage of the page', () => {
    const key = earlyKey('contact.match', firstMatch('gleantap', 'gt_1'));
    expect(earlyKey('contact.section', firstMatch('gleantap', 'gt_1'))).not.toBe(key);
    expect(earlyKey('contact.match', firstMatch('gleantap', 'gt_2'))).not.toBe(key);
    expect(earlyKey('contact.match', { ...firstMatch('gleantap', 'gt_1'), settled: true })).not.toBe(key);
  });
});
