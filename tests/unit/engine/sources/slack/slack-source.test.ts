import { describe, expect, it } from 'vitest';
import manifest from '../../../../../electron/shared/slack-manifest.json';
import {
  SLACK_REQUIRED_SCOPES,
  focusStatusText,
  missingScopes,
  parseSlackSecret,
  tsToMs,
} from '../../../../../electron/engine/sources/slack/slack-source';

describe('Slack helpers', () => {
  it('names each missing scope in manifest order', () => {
    expect(
      missingScopes(SLACK_REQUIRED_SCOPES.filter((s) => s !== 'im:history' && s !== 'dnd:write')),
    ).toEqual(['im:history', 'dnd:write']);
    expect(missingScopes(undefined)).toEqual([...SLACK_REQUIRED_SCOPES]);
    expect(missingScopes([...SLACK_REQUIRED_SCOPES, 'chat:write'])).toEqual([]);
  });
  it('the manifest uses Socket Mode, user events only and no bot', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.user_events).toEqual([
      'message.channels',
      'message.groups',
      'message.im',
      'message.mpim',
    ]);
    expect(manifest).not.toHaveProperty('features.bot_user');
  });
  it('parses the keychain entry and refuses anything else', () => {
    expect(parseSlackSecret(JSON.stringify({ userToken: 'xoxp-1', appToken: 'xapp-1' }))).toEqual({
      userToken: 'xoxp-1',
      appToken: 'xapp-1',
    });
    expect(parseSlackSecret(JSON.stringify({ userToken: 'xoxb-1', appToken: 'xapp-1' }))).toBeNull();
    expect(parseSlackSecret('not json')).toBeNull();
    expect(parseSlackSecret(null)).toBeNull();
  });
  it('writes the focus status with the next batch time', () => {
    const at = new Date(2025, 5, 2, 15, 0).getTime();
    expect(focusStatusText(at, null)).toBe('Focusing · next batch 15:00');
    expect(focusStatusText(null, at)).toBe('Focusing until 15:00');
  });
  it('reads Slack ts as ms', () => {
    expect(tsToMs('1700000000.000100')).toBe(1_700_000_000_000);
  });
});
