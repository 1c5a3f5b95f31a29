import { describe, expect, it } from 'vitest';
import { teamsScopes } from '../../../../../electron/engine/sources/teams/auth';
import { nextPollDelayMs, teamsHtmlToPlain } from '../../../../../electron/engine/sources/teams/teams-source';
import { teamsConfigSchema } from '../../../../../electron/shared/accounts/chat';

const NOW = Date.UTC(2025, 5, 2, 8, 0);
const base = {
  nowMs: NOW,
  fastMs: 15_000,
  mediumMs: 60_000,
  slowMs: 180_000,
  throttleFloorMs: 0,
  retryAtMs: null,
};

describe('nextPollDelayMs', () => {
  it('is fast while people are active and slows down as it gets quiet', () => {
    expect(nextPollDelayMs({ ...base, lastActivityMs: NOW - 60_000 })).toBe(15_000);
    expect(nextPollDelayMs({ ...base, lastActivityMs: NOW - 10 * 60_000 })).toBe(60_000);
    expect(nextPollDelayMs({ ...base, lastActivityMs: NOW - 60 * 60_000 })).toBe(180_000);
    expect(nextPollDelayMs({ ...base, lastActivityMs: null })).toBe(180_000);
  });
  it('never polls before Retry-After or under the throttling floor', () => {
    expect(nextPollDelayMs({ ...base, lastActivityMs: NOW, retryAtMs: NOW + 120_000 })).toBe(120_000);
    expect(nextPollDelayMs({ ...base, lastActivityMs: NOW, throttleFloorMs: 40_000 })).toBe(40_000);
  });
});

describe('teamsHtmlToPlain', () => {
  it('keeps mentions as @Name and drops markup', () => {
    expect(
      teamsHtmlToPlain(
        '<p>Hi <at id="0">Anna</at>,</p><p>see <a href="x">this</a> &amp; <emoji alt="👍"></emoji></p>',
      ),
    ).toBe('Hi @Anna, see this & 👍');
  });
});

describe('teamsScopes', () => {
  it('asks only for what the chosen features need', () => {
    expect(teamsScopes(teamsConfigSchema.parse({ clientId: 'x' }))).toEqual([
      'User.Read',
      'Chat.Read',
      'User.ReadBasic.All',
    ]);
    const all = teamsScopes(
      teamsConfigSchema.parse({
        clientId: 'x',
        mirrorFocus: true,
        channels: [{ teamId: 't', channelId: 'c' }],
      }),
    );
    expect(all).toContain('Presence.ReadWrite');
    expect(all).toContain('ChannelMessage.Read.All');
  });
});
