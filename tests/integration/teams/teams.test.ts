import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { createLogger } from '../../../electron/engine/log';
import { KeytarSecretStore } from '../../../electron/engine/secrets/keytar-store';
import { MemorySecrets } from '../../support/memory-secrets';
import { signInWithBrowser, signInWithDeviceCode } from '../../../electron/engine/sources/teams/auth';
import type { TeamsSource } from '../../../electron/engine/sources/teams/teams-source';
import { makeTeamsSourceModule } from '../../../electron/engine/sources/teams/teams-source';
import { teamsConfigSchema } from '../../../electron/shared/accounts/chat';
import type { TeamsConfig } from '../../../electron/shared/accounts/chat';
import { GraphEmulator } from '../../support/graph-emulator';
import { makeSourceContext } from '../../support/make-source-context';
import type { RecordingContext } from '../../support/make-source-context';
import { makeTestEngine } from '../../support/engine';

const log = createLogger({ test: 'teams' });
let emu: GraphEmulator;
let deviceSecret = '';

function config(partial: Partial<TeamsConfig> = {}): TeamsConfig {
  return teamsConfigSchema.parse({ clientId: emu.clientId, tenant: emu.tenant, ...partial });
}
function endpoints(): { authorityHost: string; graphBaseUrl: string; ca: string } {
  return { authorityHost: emu.authorityHost, graphBaseUrl: emu.graphBaseUrl, ca: emu.ca.caPem };
}

beforeAll(async () => {
  emu = await new GraphEmulator().start();
  emu
    .addUser({ id: 'u-anna', displayName: 'Anna Berg', userPrincipalName: 'Anna.Berg@Contoso.com' })
    .addChat({ id: '19:anna_me@unq.gbl.spaces', topic: null, chatType: 'oneOnOne' })
    .addChat({ id: '19:team-room@thread.v2', topic: 'Release room', chatType: 'group' })
    .addChannel('team-1', '19:general@thread.tacv2', 'General');
  const codes: string[] = [];
  const result = await signInWithDeviceCode(
    config({
      channels: [{ teamId: 'team-1', channelId: '19:general@thread.tacv2', name: 'General' }],
      mirrorFocus: true,
    }),
    (c) => codes.push(c.userCode),
    log,
    endpoints(),
  );
  deviceSecret = result.secret;
  expect(codes).toHaveLength(1);
  expect(result.username).toBe('me@contoso.com');
}, 30_000);

afterAll(async () => {
  await emu.stop();
});

let ctx: RecordingContext;
let source: TeamsSource;

async function startSource(partial: Partial<TeamsConfig> = {}): Promise<void> {
  ctx = makeSourceContext({ config: { kind: 'teams', teams: config(partial) } });
  await ctx.secrets.set(ctx.account.id, deviceSecret);
  source = makeTeamsSourceModule({ ...endpoints(), fastMs: 60_000, mediumMs: 60_000, slowMs: 60_000 }).create(
    ctx,
  ) as TeamsSource;
  await source.start();
}

beforeEach(() => {
  emu.revoked = false;
  emu.preferred = null;
  emu.presence = { availability: 'Available', activity: 'Available' };
});

describe('Teams sign-in', () => {
  it('device code flow leaves a serialized MSAL cache as the secret, with the delegated scopes asked for', () => {
    const cache = JSON.parse(deviceSecret) as Record<string, Record<string, { target?: string }>>;
    expect(Object.keys(cache.RefreshToken ?? {})).toHaveLength(1);
    const targets = Object.values(cache.AccessToken ?? {}).map((t) => t.target ?? '');
    expect(targets.join(' ')).toContain('Chat.Read');
    const devicecode = emu.requests.find((r) => r.url.includes('/devicecode'));
    expect(devicecode).toBeDefined();
  });

  it('auth code + PKCE with a loopback redirect', async () => {
    const before = emu.pkceChecked;
    const result = await signInWithBrowser(
      config(),
      async (url) => {
        // The "browser": load the authorize page and submit its form_post form to msal's loopback listener.
        const html = await new Promise<string>((resolve, reject) => {
          const req = request(url, { ca: emu.ca.caPem }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString('utf8')));
            res.on('end', () => resolve(body));
          });
          req.on('error', reject);
          req.end();
        });
        const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
        const fields = new URLSearchParams(
          [...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m): [string, string] => [m[1]!, m[2]!]),
        );
        await (
          await fetch(action, {
            method: 'POST',
            body: fields,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        ).text();
      },
      log,
      endpoints(),
    );
    expect(result.username).toBe('me@contoso.com');
    expect(emu.pkceChecked).toBe(before + 1);
  }, 20_000);
});

describe('Teams source against the Graph emulator', () => {
  it('a chat message becomes an item: UPN as address, dm and mention hints, plain preview', async () => {
    await startSource();
    expect(ctx.lastStatus()?.state).toBe('connected');
    emu.postChat(
      '19:anna_me@unq.gbl.spaces',
      'u-anna',
      '<p>Hi <at id="0">Me Myself</at>, can you look at <b>this</b> &amp; that?</p>',
      {
        mentions: [
          { id: 0, mentionText: 'Me Myself', mentioned: { user: { id: 'u-me', displayName: 'Me Myself' } } },
        ],
      },
    );
    emu.postChat('19:team-room@thread.v2', 'u-me', '<p>my own message</p>');
    emu.postChat('19:team-room@thread.v2', 'app:Deploy bot', '<p>deployed 1.2.3</p>');
    await source.pollNow();
    expect(ctx.items).toHaveLength(2);
    const [dm, bot] = ctx.items;
    expect(dm).toMatchObject({
      source: 'teams',
      sender: { name: 'Anna Berg', address: 'anna.berg@contoso.com' },
      title: 'Anna Berg',
      preview: 'Hi @Me Myself, can you look at this & that?',
      container: 'Teams chat',
    });
    expect(dm!.hints).toMatchObject({ dm: true, mention: true, bot: false });
    expect(dm!.link).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/message\//);
    expect(bot!.hints.bot).toBe(true);
    expect(bot!.title).toBe('Deploy bot in Release room');
    // The next poll costs one call when nothing moved.
    const calls = emu.requests.length;
    await source.pollNow();
    expect(emu.requests.slice(calls).map((r) => r.url.split('?')[0])).toEqual(['/v1.0/me/chats']);
    expect(ctx.items).toHaveLength(2);
    await source.stop();
  });

  it('reads only what changed: lastModifiedDateTime filter for chats, delta links for channels, with myThread', async () => {
    await startSource({
      channels: [{ teamId: 'team-1', channelId: '19:general@thread.tacv2', name: 'General' }],
    });
    const firstDelta = emu.requests.filter((r) => r.url.includes('/messages/delta'));
    expect(firstDelta.at(-1)!.url).not.toContain('deltatoken=');
    const root = emu.postChannel('team-1', '19:general@thread.tacv2', 'u-me', '<p>Who can review?</p>');
    emu.postChannel('team-1', '19:general@thread.tacv2', 'u-anna', '<p>I can</p>', { replyToId: root.id });
    emu.postChannel('team-1', '19:general@thread.tacv2', 'u-anna', '<p>unrelated post</p>');
    emu.postChat('19:anna_me@unq.gbl.spaces', 'u-anna', '<p>ping</p>');
    const before = emu.requests.length;
    await source.pollNow();
    const urls = emu.requests.slice(before).map((r) => decodeURIComponent(r.url));
    expect(urls.some((u) => u.includes('/messages/delta') && u.includes('$deltatoken='))).toBe(true);
    expect(urls.some((u) => u.includes('$filter=lastModifiedDateTime gt '))).toBe(true);
    const previews = ctx.items.map((i) => i.preview);
    expect(previews).toEqual(expect.arrayContaining(['I can', 'unrelated post', 'ping']));
    const reply = ctx.items.find((i) => i.preview === 'I can')!;
    expect(reply.hints.myThread).toBe(true);
    expect(reply.threadKey).toBe(`team-1/19:general@thread.tacv2:${root.id}`);
    expect(ctx.items.find((i) => i.preview === 'unrelated post')!.hints.myThread).toBe(false);
    await source.stop();
  });

  it('chat messages read in Teams itself are done in Lull, from the chat list alone', async () => {
    await startSource();
    const chat = '19:team-room@thread.v2';
    const first = emu.postChat(chat, 'u-anna', '<p>standup moved to 10</p>');
    const second = emu.postChat(chat, 'u-anna', '<p>and the demo to 11</p>');
    await source.pollNow();
    const ids = ctx.items.map((i) => i.externalId).filter((id) => id.startsWith(`${chat}:`));
    expect(ids).toEqual([`${chat}:${first.id}`, `${chat}:${second.id}`]);
    expect(ctx.readIds).toEqual([]);
    // The phone: Anna's first message read, not the second.
    emu.chats.get(chat)!.lastMessageReadDateTime = first.createdDateTime;
    const calls = emu.requests.length;
    await source.pollNow();
    expect(ctx.readIds).toEqual([`${chat}:${first.id}`]);
    // No call was added for it: the chat list carries the read marker.
    expect(emu.requests.slice(calls).map((r) => r.url.split('?')[0])).toEqual(['/v1.0/me/chats']);
    emu.chats.get(chat)!.lastMessageReadDateTime = second.createdDateTime;
    await source.pollNow();
    expect(new Set(ctx.readIds)).toEqual(new Set(ids));
    await source.stop();
  });

  it('honours 429 Retry-After and slows down', async () => {
    await startSource();
    emu.failNext('/me/chats', 2);
    await source.pollNow();
    const s = ctx.lastStatus()!;
    expect(s.detail).toMatch(/slow down; next check in 2 s/);
    expect(s.retryAtMs).not.toBeNull();
    expect(source.stats.throttled).toBe(1);
    // wake() during the throttle window does not poll early.
    const n = emu.requests.length;
    source.wake();
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.requests.length).toBe(n);
    await source.stop();
  });

  it('mirrors focus into preferred presence and clears it; leaves a DND the user chose', async () => {
    await startSource({ mirrorFocus: true });
    const now = Date.now();
    await source.onFocusChange(
      { on: true, untilMs: now + 45 * 60_000, origin: 'manual', paused: false, pausedUntilMs: null },
      null,
    );
    expect(emu.preferred).toMatchObject({
      availability: 'DoNotDisturb',
      activity: 'DoNotDisturb',
      expirationDuration: 'PT45M',
    });
    await source.onFocusChange(
      { on: false, untilMs: null, origin: 'none', paused: false, pausedUntilMs: null },
      null,
    );
    expect(emu.preferred).toBeNull();
    emu.presence = { availability: 'DoNotDisturb', activity: 'Presenting' };
    const sets = emu.count('setUserPreferredPresence');
    await source.onFocusChange(
      { on: true, untilMs: now + 45 * 60_000, origin: 'manual', paused: false, pausedUntilMs: null },
      null,
    );
    await source.onFocusChange(
      { on: false, untilMs: null, origin: 'none', paused: false, pausedUntilMs: null },
      null,
    );
    expect(emu.count('setUserPreferredPresence')).toBe(sets);
    expect(emu.count('clearUserPreferredPresence')).toBe(1);
    await source.stop();
  });

  it('a revoked sign-in shows "sign in again" and stops polling', async () => {
    await startSource();
    emu.revoked = true;
    await source.pollNow();
    expect(ctx.lastStatus()).toMatchObject({ state: 'auth-failed' });
    expect(ctx.lastStatus()!.detail).toMatch(/sign in again/);
    await source.stop();
  });

  it('runs through the real engine to a Decision, with the MSAL cache as the account secret', async () => {
    // The MSAL cache goes to the real keychain when the tests run under scripts/with-services.mjs.
    const secrets = process.env.LULL_KEYRING
      ? new KeytarSecretStore(`Lull-test-teams-${process.pid}-${Date.now()}`)
      : new MemorySecrets();
    const t = await makeTestEngine({
      secrets,
      sources: {
        teams: makeTeamsSourceModule({ ...endpoints(), fastMs: 60_000, mediumMs: 60_000, slowMs: 60_000 }),
      },
    });
    try {
      await t.engine.api.addAccount({
        name: 'Contoso Teams',
        config: { kind: 'teams', teams: config() },
        secret: deviceSecret,
      });
      emu.postChat('19:anna_me@unq.gbl.spaces', 'u-anna', '<p>are you there?</p>');
      const account = (await t.engine.api.listAccounts({}))[0]!;
      const mod = t.engine.accounts.source(account.id) as TeamsSource;
      await mod.pollNow();
      const items = await t.engine.api.listItems({ source: 'teams' });
      expect(items.map((i) => i.preview)).toContain('are you there?');
      const item = items.find((i) => i.preview === 'are you there?')!;
      expect(item.personKey).toBe('anna.berg@contoso.com');
      expect(['deliver', 'hold']).toContain(item.decision.action);
      // The token cache lives in the keychain entry, and no token reaches the database.
      const cache = JSON.parse((await secrets.get(account.id)) ?? '{}') as Record<
        string,
        Record<string, { secret: string }>
      >;
      const tokens = [
        ...Object.values(cache.RefreshToken ?? {}),
        ...Object.values(cache.AccessToken ?? {}),
      ].map((e) => e.secret);
      expect(tokens.length).toBeGreaterThanOrEqual(2);
      const db = readFileSync(t.dbPath).toString('latin1');
      for (const token of tokens) expect(db).not.toContain(token);
    } finally {
      await t.cleanup();
    }
  });
});
