import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackConfigSchema } from '../../../electron/shared/accounts/chat';
import type { SlackSource } from '../../../electron/engine/sources/slack/slack-source';
import { makeSlackSourceModule } from '../../../electron/engine/sources/slack/slack-source';
import { makeSourceContext } from '../../support/make-source-context';
import type { RecordingContext } from '../../support/make-source-context';
import { SlackEmulator } from '../../support/slack-emulator';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

let emu: SlackEmulator;
let ctx: RecordingContext;
let source: SlackSource;

async function startSource(
  config: Partial<ReturnType<typeof slackConfigSchema.parse>> = {},
  secret?: string,
): Promise<void> {
  ctx = makeSourceContext({ config: { kind: 'slack', slack: slackConfigSchema.parse(config) } });
  await ctx.secrets.set(ctx.account.id, secret ?? emu.secret);
  const mod = makeSlackSourceModule({
    slackApiUrl: emu.apiUrl,
    clientPingTimeoutMs: 50,
    tooManyWebsocketsBackoffMs: 60_000,
  });
  source = mod.create(ctx) as SlackSource;
  await source.start();
}

beforeEach(async () => {
  emu = await new SlackEmulator().start();
  emu
    .addUser({ id: 'UANNA', name: 'Anna Berg', email: 'Anna.Berg@Example.com' })
    .addUser({ id: 'UBOB', name: 'Bob', email: 'bob@example.com' })
    .addChannel({ id: 'DANNA', name: 'DANNA', type: 'im', user: 'UANNA' })
    .addChannel({ id: 'CGEN', name: 'general', type: 'channel' })
    .addChannel({ id: 'CRAND', name: 'random', type: 'channel' });
});

afterEach(async () => {
  await source?.stop();
  await emu.stop();
});

describe('Slack source against the emulator', () => {
  it('turns a Socket Mode DM into an item with names, preview, permalink and hints, and acks it', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    const { envelopeId, message } = emu.post('DANNA', {
      user: 'UANNA',
      text: 'Hi <@USELF>, see <#CGEN|general> and <https://x.test/a|the doc> :tada: &amp; more',
    });
    const [item] = await ctx.waitForItems(1);
    expect(item).toMatchObject({
      source: 'slack',
      externalId: `DANNA:${message.ts}`,
      threadKey: `DANNA:${message.ts}`,
      sender: { name: 'Anna Berg', address: 'anna.berg@example.com' },
      title: 'Anna Berg',
      preview: 'Hi @Me, see #general and the doc :tada: & more',
      container: 'DM',
      link: `https://lull-test.slack.com/archives/DANNA/p${message.ts.replace('.', '')}`,
    });
    expect(item!.hints).toMatchObject({ dm: true, mention: true, myThread: false, bot: false });
    await until(() => emu.acked.has(envelopeId), 'ack');
  });

  it('drops a duplicate envelope (same event_id) and keeps one item', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    emu.post('DANNA', { user: 'UANNA', text: 'once' }, { duplicate: true });
    emu.post('DANNA', { user: 'UANNA', text: 'twice' });
    await ctx.waitForItems(2);
    await sleep(100);
    expect(ctx.items.map((i) => i.preview)).toEqual(['once', 'twice']);
    expect(source.stats.duplicates).toBe(1);
  });

  it('holds channel messages only for chosen channels, mentions and the user’s threads; marks bots', async () => {
    await startSource({ channels: ['CGEN'] });
    await ctx.waitForStatus('connected');
    emu.post('CRAND', { user: 'UBOB', text: 'unrelated chatter' });
    const parent = emu.post('CRAND', { user: 'USELF', text: 'my question' });
    emu.post('CRAND', {
      user: 'UBOB',
      text: 'an answer',
      thread_ts: parent.message.ts,
      parent_user_id: 'USELF',
    });
    emu.post('CRAND', { user: 'UBOB', text: 'ping <@USELF>' });
    emu.post('CGEN', { bot_id: 'B1', subtype: 'bot_message', username: 'CI', text: 'build passed' });
    const items = await ctx.waitForItems(3);
    await sleep(100);
    expect(items.map((i) => i.preview)).toEqual(['an answer', 'ping @Me', 'build passed']);
    expect(items[0]!.hints.myThread).toBe(true);
    expect(items[0]!.threadKey).toBe(`CRAND:${parent.message.ts}`);
    expect(items[0]!.link).toContain(`?thread_ts=${parent.message.ts}&cid=CRAND`);
    expect(items[1]!.hints.mention).toBe(true);
    expect(items[2]!.hints.bot).toBe(true);
    expect(items[2]!.container).toBe('#general');
  });

  it('reconnects on refresh_requested and recovers events sent in the gap from history', async () => {
    await startSource({ channels: ['CGEN'] });
    await ctx.waitForStatus('connected');
    emu.post('DANNA', { user: 'UANNA', text: 'before' });
    await ctx.waitForItems(1);
    const opened = emu.connectionsOpened;
    emu.disconnectFrame('refresh_requested');
    await until(() => emu.sockets.size === 0, 'socket closed');
    emu.post('DANNA', { user: 'UANNA', text: 'in the gap 1' }, { live: false });
    emu.post('CGEN', { user: 'UBOB', text: 'in the gap 2' }, { live: false });
    await until(() => emu.connectionsOpened > opened && emu.sockets.size === 1, 'reconnect');
    emu.post('DANNA', { user: 'UANNA', text: 'after' });
    await ctx.waitForItems(4);
    await sleep(100);
    expect(ctx.items.map((i) => i.preview).sort()).toEqual([
      'after',
      'before',
      'in the gap 1',
      'in the gap 2',
    ]);
  });

  it('reconnects on a warning disconnect too, and recovers replies in the user’s thread from conversations.replies', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    const parent = emu.post('CRAND', { user: 'USELF', text: 'my question' });
    await until(() => ctx.cursors.has('myThreads'), 'thread remembered');
    const opened = emu.connectionsOpened;
    emu.disconnectFrame('warning');
    await until(() => emu.sockets.size === 0, 'socket closed');
    emu.post(
      'CRAND',
      { user: 'UBOB', text: 'reply in the gap', thread_ts: parent.message.ts, parent_user_id: 'USELF' },
      { live: false },
    );
    await until(() => emu.connectionsOpened > opened && emu.sockets.size === 1, 'reconnect');
    const [item] = await ctx.waitForItems(1);
    expect(item).toMatchObject({ preview: 'reply in the gap', threadKey: `CRAND:${parent.message.ts}` });
    expect(item!.hints.myThread).toBe(true);
    expect(emu.callCount('conversations.replies')).toBeGreaterThanOrEqual(1);
  });

  it('a reconnect during a slow gap fill does not let the cursor skip what was missed meanwhile', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    emu.post('DANNA', { user: 'UANNA', text: 'first' });
    await ctx.waitForItems(1);
    emu.historyDelayMs = 400;
    const opened = emu.connectionsOpened;
    emu.dropSockets(); // reconnect 1: its gap fill now reads slowly
    await until(() => emu.connectionsOpened === opened + 1 && emu.sockets.size === 1, 'reconnect 1');
    emu.dropSockets(); // reconnect 2, while that read is in flight
    emu.post('DANNA', { user: 'UANNA', text: 'missed between connections' }, { live: false });
    await until(() => emu.connectionsOpened === opened + 2 && emu.sockets.size === 1, 'reconnect 2');
    emu.post('DANNA', { user: 'UANNA', text: 'live after' });
    await ctx.waitForItems(3);
    expect(ctx.items.map((i) => i.preview).sort()).toEqual([
      'first',
      'live after',
      'missed between connections',
    ]);
  });

  it('recovers from an abrupt close without losing or doubling events', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    emu.post('DANNA', { user: 'UANNA', text: 'one' });
    await ctx.waitForItems(1);
    emu.dropSockets();
    emu.post('DANNA', { user: 'UANNA', text: 'lost live, found in history' }, { live: false });
    await until(() => emu.sockets.size === 1, 'reconnect');
    await ctx.waitForItems(2);
    await sleep(150);
    expect(ctx.items.map((i) => i.preview)).toEqual(['one', 'lost live, found in history']);
  });

  it('waits out a 429 Retry-After during gap fill and shows it in the status', async () => {
    emu.post('DANNA', { user: 'UANNA', text: 'old' }, { live: false });
    // A first run sets the baseline; the message after it is the gap.
    await startSource();
    await ctx.waitForStatus('connected');
    await source.stop();
    emu.post('DANNA', { user: 'UANNA', text: 'while away' }, { live: false });
    emu.failNext('conversations.history', 1);
    const cursors = ctx.cursors;
    await startSourceWithCursors(cursors);
    await ctx.waitForItems(1, 10_000);
    expect(ctx.items.map((i) => i.preview)).toEqual(['while away']);
    expect(emu.rateLimitedAnswers).toBe(1);
    expect(ctx.statuses.some((s) => /slow down.*retrying in 1 s/.test(s.detail))).toBe(true);
  });

  it('follows history pagination', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    await source.stop();
    emu.historyPageMax = 2;
    for (let i = 0; i < 5; i += 1) emu.post('DANNA', { user: 'UANNA', text: `m${i}` }, { live: false });
    const before = emu.callCount('conversations.history');
    await startSourceWithCursors(ctx.cursors);
    await ctx.waitForItems(5);
    expect(ctx.items.map((i) => i.preview)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(emu.callCount('conversations.history') - before).toBeGreaterThanOrEqual(3);
  });

  it('a revoked token shows "sign in again" and stops calling Slack', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    emu.revoked.add(emu.userToken);
    emu.revoked.add(emu.appToken);
    emu.dropSockets();
    const s = await ctx.waitForStatus('auth-failed');
    expect(s.detail).toMatch(/token_revoked.*sign in again/);
    const calls = emu.callLog.length;
    await sleep(500);
    expect(emu.callLog.length - calls).toBeLessThanOrEqual(1);
    expect(emu.sockets.size).toBe(0);
  });

  it('starts over after a Slack outage at start, and wake() reconnects and fills the gap', async () => {
    emu.serverErrors = 3; // auth.test and the SDK's two quick retries
    ctx = makeSourceContext({ config: { kind: 'slack', slack: slackConfigSchema.parse({}) } });
    await ctx.secrets.set(ctx.account.id, emu.secret);
    source = makeSlackSourceModule({
      slackApiUrl: emu.apiUrl,
      clientPingTimeoutMs: 50,
      retryBaseMs: 200,
    }).create(ctx) as SlackSource;
    await source.start();
    expect(ctx.lastStatus()).toMatchObject({ state: 'offline' });
    expect(ctx.lastStatus()!.detail).toMatch(/retrying in 1 s/);
    await ctx.waitForStatus('connected');
    // The first gap fill is over; a message missed while the machine slept needs wake() to be found.
    await until(
      () => ctx.statuses.some((x) => x.state === 'catching-up') && ctx.lastStatus()?.state === 'connected',
      'first gap fill',
    );
    await sleep(50);
    emu.post('DANNA', { user: 'UANNA', text: 'during sleep' }, { live: false });
    const opened = emu.connectionsOpened;
    expect(ctx.items).toHaveLength(0);
    source.wake();
    await until(() => emu.connectionsOpened > opened, 'reconnect after wake');
    await ctx.waitForItems(1);
    expect(ctx.items[0]!.preview).toBe('during sleep');
  });

  it('a tokens_revoked event also asks to sign in again', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    emu.sendEvent({ type: 'tokens_revoked', tokens: { oauth: ['USELF'] } });
    expect((await ctx.waitForStatus('auth-failed')).detail).toMatch(/sign in again/);
  });

  it('names each missing scope, at start and in the connection test', async () => {
    emu.scopes = emu.scopes.filter((s) => s !== 'dnd:write' && s !== 'users:read.email');
    await startSource();
    const s = await ctx.waitForStatus('error');
    expect(s.detail).toContain('users:read.email, dnd:write');
    const test = await makeSlackSourceModule({ slackApiUrl: emu.apiUrl }).test!(
      ctx.account,
      emu.secret,
      ctx.log,
    );
    expect(test).toMatchObject({ ok: false, kind: 'scopes' });
    expect(test.message).toContain('users:read.email, dnd:write');
  });

  it('the connection test accepts good tokens and rejects a wrong one', async () => {
    ctx = makeSourceContext({ config: { kind: 'slack', slack: slackConfigSchema.parse({}) } });
    const mod = makeSlackSourceModule({ slackApiUrl: emu.apiUrl });
    expect(await mod.test!(ctx.account, emu.secret, ctx.log)).toMatchObject({ ok: true, kind: 'ok' });
    const bad = JSON.stringify({ userToken: 'xoxp-wrong-token', appToken: emu.appToken });
    const r = await mod.test!(ctx.account, bad, ctx.log);
    expect(r).toMatchObject({ ok: false, kind: 'auth' });
    expect(r.message).not.toContain('xoxp-wrong-token');
    expect((await mod.test!(ctx.account, '{"userToken":"nope"}', ctx.log)).ok).toBe(false);
  });

  it('does not reconnect in a loop on too_many_websockets', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    const opened = emu.connectionsOpened;
    emu.disconnectFrame('too_many_websockets');
    const s = await ctx.waitForStatus('error');
    expect(s.detail).toMatch(/too many/);
    await sleep(600);
    expect(emu.connectionsOpened).toBe(opened);
  });

  it('mirrors focus into DND and status, and restores both when focus ends early', async () => {
    await startSource({ mirrorFocus: true });
    await ctx.waitForStatus('connected');
    const now = Date.now();
    await source.onFocusChange({ on: true, untilMs: now + 50 * 60_000 }, now + 30 * 60_000);
    expect(emu.dnd.snooze_enabled).toBe(true);
    expect(emu.dnd.snooze_endtime).toBeGreaterThanOrEqual(Math.floor((now + 49 * 60_000) / 1000));
    expect(emu.profile.status_text).toMatch(/^Focusing · next batch \d\d:\d\d$/);
    expect(emu.profile.status_expiration).toBe(Math.ceil((now + 50 * 60_000) / 1000));
    await source.onFocusChange({ on: false, untilMs: null }, null);
    expect(emu.dnd.snooze_enabled).toBe(false);
    expect(emu.profile.status_text).toBe('');
  });

  it('never overwrites or clears a status the user set by hand', async () => {
    await startSource({ mirrorFocus: true });
    await ctx.waitForStatus('connected');
    emu.profile = { status_text: 'In a meeting', status_emoji: ':calendar:', status_expiration: 0 };
    const now = Date.now();
    await source.onFocusChange({ on: true, untilMs: now + 3_600_000 }, null);
    expect(emu.profile.status_text).toBe('In a meeting');
    expect(emu.dnd.snooze_enabled).toBe(true);
    await source.onFocusChange({ on: false, untilMs: null }, null);
    expect(emu.profile.status_text).toBe('In a meeting');
    // Ours set, then changed by hand during focus: left alone at the end.
    emu.profile = { status_text: '', status_emoji: '', status_expiration: 0 };
    await source.onFocusChange({ on: true, untilMs: now + 3_600_000 }, null);
    expect(emu.profile.status_text).toMatch(/^Focusing/);
    emu.profile = { status_text: 'Lunch', status_emoji: ':sandwich:', status_expiration: 0 };
    await source.onFocusChange({ on: false, untilMs: null }, null);
    expect(emu.profile.status_text).toBe('Lunch');
  });

  it('keeps mirroring off unless the workspace asks for it', async () => {
    await startSource();
    await ctx.waitForStatus('connected');
    await source.onFocusChange({ on: true, untilMs: Date.now() + 3_600_000 }, null);
    expect(emu.callCount('dnd.setSnooze')).toBe(0);
    expect(emu.callCount('users.profile.set')).toBe(0);
  });
});

async function startSourceWithCursors(cursors: Map<string, string>): Promise<void> {
  const config = ctx.account.config;
  ctx = makeSourceContext({ config });
  for (const [k, v] of cursors) ctx.cursors.set(k, v);
  await ctx.secrets.set(ctx.account.id, emu.secret);
  source = makeSlackSourceModule({ slackApiUrl: emu.apiUrl, clientPingTimeoutMs: 50 }).create(
    ctx,
  ) as SlackSource;
  await source.start();
}
