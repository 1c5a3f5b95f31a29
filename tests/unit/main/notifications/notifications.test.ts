import { describe, expect, it } from 'vitest';
import type { DndState } from '../../../../electron/main/notifications/dnd';
import { parseGnomeShowBanners, readDnd } from '../../../../electron/main/notifications/dnd';
import {
  batchNotificationText,
  batchSummaryLine,
  urgentNotificationText,
} from '../../../../electron/main/notifications/notification-text';
import type { NotificationLike } from '../../../../electron/main/notifications/notifier';
import { createNotifier } from '../../../../electron/main/notifications/notifier';
import {
  ATTENTION_REPEAT_MS,
  attentionNotificationText,
  createAttentionWatch,
} from '../../../../electron/main/notifications/attention';
import {
  makeAccount,
  makeBatchSummary,
  makeDeliveredItem,
  makeEngineState,
} from '../../../support/make-engine-state';

describe('notification texts', () => {
  it('urgent: "sender — title" and the reason it broke through', () => {
    expect(urgentNotificationText(makeDeliveredItem())).toEqual({
      title: 'Ada Lovelace — Server down',
      body: 'Ada is on your urgent list.',
    });
  });

  it('urgent: falls back to the address, then to a placeholder, and names a missing subject', () => {
    const noName = makeDeliveredItem({ sender: { name: ' ', address: 'ops@example.com' }, title: '' });
    expect(urgentNotificationText(noName).title).toBe('ops@example.com — (no subject)');
    const nobody = makeDeliveredItem({ sender: { name: '', address: '' } });
    expect(urgentNotificationText(nobody).title).toBe('Unknown sender — Server down');
  });

  it('urgent: flattens newlines and clips long titles', () => {
    const text = urgentNotificationText(
      makeDeliveredItem({ title: `line one\nline two ${'x'.repeat(500)}` }),
    );
    expect(text.title).not.toContain('\n');
    expect(text.title.length).toBeLessThanOrEqual(120);
    expect(text.title.endsWith('…')).toBe(true);
  });

  it('batch: "12 held · 5 people · 2 threads"', () => {
    expect(batchSummaryLine(makeBatchSummary())).toBe('12 held · 5 people · 2 threads');
    expect(batchSummaryLine(makeBatchSummary({ itemCount: 1, peopleCount: 1, threadCount: 1 }))).toBe(
      '1 held · 1 person · 1 thread',
    );
  });

  it('batch: the body says why it came now', () => {
    expect(batchNotificationText(makeBatchSummary({ trigger: 'focus-end' })).body).toBe(
      'Focus ended. Click to review.',
    );
    expect(batchNotificationText(makeBatchSummary({ trigger: 'catch-up' })).body).toBe(
      'Missed while away. Click to review.',
    );
  });
});

describe('do-not-disturb', () => {
  it('reads GNOME show-banners', () => {
    expect(parseGnomeShowBanners('false\n')).toBe('on');
    expect(parseGnomeShowBanners('true\n')).toBe('off');
    expect(parseGnomeShowBanners(null)).toBe('unknown');
    expect(parseGnomeShowBanners('No such schema')).toBe('unknown');
  });

  it('asks gsettings on Linux only', async () => {
    const asked: string[][] = [];
    const run = (file: string, args: readonly string[]) => {
      asked.push([file, ...args]);
      return Promise.resolve('false');
    };
    expect(await readDnd('linux', run)).toBe('on');
    expect(await readDnd('darwin', run)).toBe('unknown');
    expect(asked).toEqual([['gsettings', 'get', 'org.gnome.desktop.notifications', 'show-banners']]);
  });
});

describe('notifier', () => {
  function setup(dnd: DndState = 'off', sounds = true) {
    const shown: { title: string; body: string; silent: boolean }[] = [];
    const handlers: Record<string, () => void> = {};
    const opened: string[] = [];
    const notifier = createNotifier({
      isSupported: () => true,
      create: (o): NotificationLike => ({
        on: (event, listener) => void (handlers[event] = listener),
        show: () => void shown.push({ title: o.title, body: o.body, silent: o.silent }),
      }),
      dnd: () => Promise.resolve(dnd),
      sounds: () => sounds,
      openItem: (item) => opened.push(`item:${item.id}`),
      openBatch: (batch) => opened.push(`batch:${batch.id}`),
      openAccount: (account) => opened.push(`account:${account.id}`),
      openDelivered: () => opened.push('delivered'),
    });
    return { notifier, shown, handlers, opened };
  }

  it("a burst's summary opens the list of what came through", async () => {
    const { notifier, shown, handlers, opened } = setup();
    const items = [makeDeliveredItem({ id: 1 }), makeDeliveredItem({ id: 2 })];
    expect((await notifier.burst(items)).status).toBe('success');
    expect(shown.map((n) => n.title)).toEqual(['2 more came through']);
    handlers.click?.();
    expect(opened).toEqual(['delivered']);
  });

  it('shows an urgent item and opens it on click', async () => {
    const { notifier, shown, handlers, opened } = setup();
    expect(await notifier.urgent(makeDeliveredItem({ id: 9 }))).toEqual({
      status: 'success',
      reason: 'shown',
    });
    expect(shown).toEqual([
      { title: 'Ada Lovelace — Server down', body: 'Ada is on your urgent list.', silent: false },
    ]);
    handlers.click?.();
    expect(opened).toEqual(['item:9']);
  });

  it('shows exactly one summary per batch and opens the review on click', async () => {
    const { notifier, shown, handlers, opened } = setup('unknown', false);
    expect(await notifier.batch(makeBatchSummary({ id: 3 }))).toEqual({ status: 'success', reason: 'shown' });
    expect(shown).toHaveLength(1);
    expect(shown[0]?.silent).toBe(true);
    handlers.click?.();
    expect(opened).toEqual(['batch:3']);
  });

  it('respects the OS do-not-disturb', async () => {
    const { notifier, shown } = setup('on');
    expect(await notifier.urgent(makeDeliveredItem())).toEqual({ status: 'not_sent', reason: 'os_dnd' });
    expect(await notifier.batch(makeBatchSummary())).toEqual({ status: 'not_sent', reason: 'os_dnd' });
    expect(shown).toEqual([]);
  });

  it('shows an account that stopped working and opens its settings on click', async () => {
    const { notifier, shown, handlers, opened } = setup();
    const account = makeAccount({
      id: 'w1',
      name: 'Work mail',
      status: { state: 'tls-untrusted', detail: '', progress: null, retryAtMs: null, certificate: null },
    });
    expect(await notifier.attention(account)).toEqual({ status: 'success', reason: 'shown' });
    expect(shown.map((n) => n.title)).toEqual(['Work mail: certificate not trusted']);
    handlers.click?.();
    expect(opened).toEqual(['account:w1']);
  });

  it('does not announce an empty batch', async () => {
    const { notifier, shown } = setup();
    expect(await notifier.batch(makeBatchSummary({ itemCount: 0 }))).toEqual({
      status: 'not_sent',
      reason: 'empty_batch',
    });
    expect(shown).toEqual([]);
  });
});

describe('accounts that stop working', () => {
  const status = (state: 'connected' | 'offline' | 'auth-failed' | 'tls-untrusted', detail = '') => ({
    state,
    detail,
    progress: null,
    retryAtMs: null,
    certificate: null,
  });
  const work = (s: ReturnType<typeof status>, enabled = true) =>
    makeAccount({ id: 'w1', name: 'Work mail', enabled, status: s });
  const stateWith = (...accounts: ReturnType<typeof makeAccount>[]) => makeEngineState({ accounts });

  it('are told once when the problem starts, again for a new problem, and again after it recovers', () => {
    const watch = createAttentionWatch();
    const ids = (s: ReturnType<typeof stateWith>, at: number) => watch(s, at).map((a) => a.status.state);
    const t = 1_000_000;
    expect(ids(stateWith(work(status('connected'))), t)).toEqual([]);
    expect(ids(stateWith(work(status('auth-failed', 'Wrong password'))), t + 1)).toEqual(['auth-failed']);
    // Every state update after that is the same problem: not told again.
    expect(ids(stateWith(work(status('auth-failed', 'Wrong password'))), t + 2)).toEqual([]);
    expect(ids(stateWith(work(status('tls-untrusted'))), t + 3)).toEqual(['tls-untrusted']);
    expect(ids(stateWith(work(status('connected'))), t + 4)).toEqual([]);
    // A flaky network brings the same problem back soon: not told again until the repeat time.
    expect(ids(stateWith(work(status('auth-failed'))), t + 5)).toEqual([]);
    expect(ids(stateWith(work(status('offline'))), t + 6)).toEqual([]);
    expect(ids(stateWith(work(status('auth-failed'))), t + 1 + ATTENTION_REPEAT_MS)).toEqual(['auth-failed']);
  });

  it('are not told for an account the user turned off', () => {
    const watch = createAttentionWatch();
    expect(watch(stateWith(work(status('auth-failed'), false)), 1)).toEqual([]);
  });

  it("say which account and what is wrong, in the account's own words", () => {
    const text = attentionNotificationText(work(status('auth-failed', 'Google refused\nthe sign-in.')));
    expect(text).toEqual({
      title: 'Work mail: sign-in failed',
      body: 'Google refused the sign-in. Click to fix it in Settings.',
    });
    expect(attentionNotificationText(work(status('auth-failed', 'x'.repeat(500)))).body.length).toBe(240);
  });
});
