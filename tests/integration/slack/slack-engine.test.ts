import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeytarSecretStore } from '../../../electron/engine/secrets/keytar-store';
import type { SecretStore } from '../../../electron/engine/secrets/secret-store';
import { MemorySecrets } from '../../support/memory-secrets';
import type { StoredItem } from '../../../electron/core/types';
import { makeSlackSourceModule } from '../../../electron/engine/sources/slack/slack-source';
import { makeTestEngine } from '../../support/engine';
import type { TestEngine } from '../../support/engine';
import { SlackEmulator } from '../../support/slack-emulator';

let emu: SlackEmulator;
let t: TestEngine;
let secrets: SecretStore;

async function itemsUntil(n: number, timeoutMs = 8000): Promise<StoredItem[]> {
  const start = Date.now();
  for (;;) {
    const items = await t.engine.api.listItems({ source: 'slack' });
    if (items.length >= n) return [...items].sort((a, b) => a.id - b.id);
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${n} Slack items (have ${items.length})`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function addSlack(): Promise<void> {
  await t.engine.api.addAccount({
    name: 'Acme Slack',
    config: {
      kind: 'slack',
      slack: { teamId: null, teamName: null, channels: ['CGEN'], mirrorFocus: false },
    },
    secret: emu.secret,
  });
  const start = Date.now();
  while (emu.sockets.size === 0) {
    if (Date.now() - start > 8000) throw new Error('Slack source never connected');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(async () => {
  emu = await new SlackEmulator().start();
  emu
    .addUser({ id: 'UANNA', name: 'Anna Berg', email: 'Anna@Example.com' })
    .addChannel({ id: 'DANNA', name: 'DANNA', type: 'im', user: 'UANNA' })
    .addChannel({ id: 'CGEN', name: 'general', type: 'channel' });
  // The real keychain when the tests run under scripts/with-services.mjs.
  secrets = process.env.LULL_KEYRING
    ? new KeytarSecretStore(`Lull-test-slack-${process.pid}-${Date.now()}`)
    : new MemorySecrets();
  t = await makeTestEngine({
    secrets,
    sources: { slack: makeSlackSourceModule({ slackApiUrl: emu.apiUrl, clientPingTimeoutMs: 50 }) },
  });
});

afterEach(async () => {
  await t.cleanup();
  await emu.stop();
});

describe('Slack through the real engine', () => {
  it('a Socket Mode event becomes a stored item with a Decision', async () => {
    await addSlack();
    await t.engine.api.startFocus({ minutes: 60 });
    emu.post('CGEN', { user: 'UANNA', text: 'lunch at noon?' });
    const [item] = await itemsUntil(1);
    expect(item).toMatchObject({
      source: 'slack',
      container: '#general',
      personKey: 'anna@example.com',
      state: 'held',
    });
    expect(item!.decision.action).toBe('hold');
    expect(item!.decision.reason.length).toBeGreaterThan(0);
    // Both tokens are in the keychain entry, and in no byte of the database.
    const accountId = (await t.engine.api.listAccounts({}))[0]!.id;
    const stored = await secrets.get(accountId);
    expect(stored).toContain(emu.userToken);
    const db = readFileSync(t.dbPath).toString('latin1');
    expect(db).not.toContain(emu.userToken);
    expect(db).not.toContain(emu.appToken);
    const start = Date.now();
    while ((await t.engine.api.listAccounts({}))[0]!.status.state !== 'connected') {
      if (Date.now() - start > 5000) throw new Error('account never showed connected');
      await new Promise((r) => setTimeout(r, 10));
    }
  });

  it('one person across sources: two Slack DMs and an email within 5 minutes are three tries', async () => {
    await addSlack();
    await t.engine.api.startFocus({ minutes: 60 });
    emu.post('DANNA', { user: 'UANNA', text: 'got a minute?' });
    emu.post('DANNA', { user: 'UANNA', text: 'hello?' });
    const dms = await itemsUntil(2);
    expect(dms.map((i) => i.decision.action)).toEqual(['hold', 'hold']);
    t.clock.now += 2 * 60_000;
    await t.engine.ingest([
      {
        accountId: 'mail-1',
        source: 'imap',
        externalId: '<m1@example.com>',
        threadKey: '<m1@example.com>',
        sender: { name: 'Anna Berg', address: 'anna@example.com' },
        title: 'Call me',
        preview: 'Please call me when you can',
        receivedAtMs: t.clock.now,
        link: '',
        altLink: '',
        hints: { dm: false, mention: false, myThread: false, bulk: false, cc: false, bot: false },
        container: 'INBOX',
      },
    ]);
    const [mail] = await t.engine.api.listItems({ source: 'imap' });
    expect(mail!.personKey).toBe('anna@example.com');
    expect(mail!.decision).toMatchObject({ action: 'deliver', ruleId: 'repeat' });
  });

  it('a message read in another Slack client is done in Lull; a thread reply waits for its thread', async () => {
    // This engine's Slack source asks read markers every 100 ms instead of every 2 minutes.
    await t.cleanup();
    t = await makeTestEngine({
      secrets,
      sources: {
        slack: makeSlackSourceModule({ slackApiUrl: emu.apiUrl, clientPingTimeoutMs: 50, readCheckMs: 100 }),
      },
    });
    // Two people, two messages each: the repeat rule (three tries) lets nothing through.
    emu.addUser({ id: 'UBEN', name: 'Ben Ode', email: 'ben@example.com' });
    await addSlack();
    await t.engine.api.startFocus({ minutes: 60 });
    const dm1 = emu.post('DANNA', { user: 'UANNA', text: 'got a minute?' }).message;
    const parent = emu.post('CGEN', { user: 'UBEN', text: 'release notes are up' }).message;
    const reply = emu.post('CGEN', {
      user: 'UBEN',
      text: 'and the changelog',
      thread_ts: parent.ts,
    }).message;
    emu.post('DANNA', { user: 'UANNA', text: 'hello?' });
    await itemsUntil(4);
    expect((await t.engine.api.getState({})).heldCount).toBe(4);

    // Past the connect's gap fill (and the check after it): from here on only the timer looks.
    await new Promise((r) => setTimeout(r, 500));
    // The phone: the user reads the DM up to its first message, and #general past the reply.
    const phone = new WebClient(emu.userToken, { slackApiUrl: emu.apiUrl });
    await phone.conversations.mark({ channel: 'DANNA', ts: dm1.ts });
    await phone.conversations.mark({ channel: 'CGEN', ts: reply.ts });
    const doneIds = async (): Promise<string[]> =>
      (await t.engine.api.listItems({ source: 'slack', includeDone: true }))
        .filter((i) => i.done)
        .map((i) => i.externalId)
        .sort();
    const start = Date.now();
    while ((await doneIds()).length < 2) {
      if (Date.now() - start > 8000)
        throw new Error(`read markers never applied: ${(await doneIds()).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300)); // a few more checks: nothing else becomes done
    expect(await doneIds()).toEqual([`CGEN:${parent.ts}`, `DANNA:${dm1.ts}`]);
    expect((await t.engine.api.getState({})).heldCount).toBe(2);
  });

  it('a revoked token shows "sign in again" on the account', async () => {
    emu.revoked.add(emu.userToken);
    await t.engine.api.addAccount({
      name: 'Acme Slack',
      config: { kind: 'slack', slack: { teamId: null, teamName: null, channels: [], mirrorFocus: false } },
      secret: emu.secret,
    });
    const start = Date.now();
    for (;;) {
      const account = (await t.engine.api.listAccounts({}))[0]!;
      if (account.status.state === 'auth-failed') {
        expect(account.status.detail).toMatch(/sign in again/);
        expect(account.status.detail).not.toContain(emu.userToken);
        break;
      }
      if (Date.now() - start > 5000) throw new Error(`status stayed ${account.status.state}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(emu.callCount('auth.test')).toBe(1);
  });
});
