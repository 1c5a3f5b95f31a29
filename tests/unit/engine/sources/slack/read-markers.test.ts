import { describe, expect, it } from 'vitest';
import { tsAtMost } from '../../../../../electron/engine/sources/slack/read-markers';

describe('tsAtMost', () => {
  it('orders Slack timestamps exactly, the seconds first', () => {
    expect(tsAtMost('1700000000.000100', '1700000000.000100')).toBe(true);
    expect(tsAtMost('1700000000.000100', '1700000000.000101')).toBe(true);
    expect(tsAtMost('1700000000.000101', '1700000000.000100')).toBe(false);
    expect(tsAtMost('1699999999.999999', '1700000000.000000')).toBe(true);
    expect(tsAtMost('1700000001.000000', '1700000000.999999')).toBe(false);
    // More seconds digits is later, whatever the text says.
    expect(tsAtMost('999999999.000000', '1000000000.000000')).toBe(true);
    // A shorter fraction reads as padded with zeros.
    expect(tsAtMost('1700000000.1', '1700000000.100000')).toBe(true);
    expect(tsAtMost('1700000000.100001', '1700000000.1')).toBe(false);
  });
});
