import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StatusView } from '../../../../../renderer/src/features/status/status-view';
import { makeItem, makeState, NOW_MS } from '../../support/factories';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { renderWith } from '../../support/render';

const account = (state: 'connected' | 'tls-untrusted' | 'auth-failed', id = 'a1') => ({
  id,
  name: `Mail ${id}`,
  enabled: true,
  config: { kind: 'demo' as const, demo: { perMinute: 2 } },
  status: {
    state,
    detail: state === 'tls-untrusted' ? 'The server certificate is not trusted' : '',
    progress: null,
    retryAtMs: null,
    certificate:
      state === 'tls-untrusted' ? { sha256: 'AB:CD', issuer: 'Test CA', subject: 'CN=mail' } : null,
  },
});

describe('StatusView', () => {
  useLayoutBox();

  it('shows focus, held by source and follows state events', async () => {
    const client = makeFakeClient({
      getState: () =>
        makeState({
          focus: {
            on: true,
            untilMs: NOW_MS + 25 * 60_000,
            origin: 'manual',
            paused: false,
            pausedUntilMs: null,
          },
          heldCount: 3,
          heldBySource: { imap: 2, slack: 1, teams: 0, webhook: 0, demo: 0 },
        }),
    });
    const { stores } = renderWith(client, <StatusView />);
    await act(() => stores.status.getState().load());
    expect(screen.getByTestId('focus-state').textContent).toBe('Focus on');
    expect(screen.getByTestId('held-count').textContent).toBe('3');
    expect(screen.getByTestId('held-imap').textContent).toContain('2');
    expect(screen.getByTestId('held-slack').textContent).toContain('1');
    expect(screen.queryByTestId('held-teams')).toBeNull();
    act(() =>
      client.emit(
        'state',
        makeState({ heldCount: 5, heldBySource: { imap: 5, slack: 0, teams: 0, webhook: 0, demo: 0 } }),
      ),
    );
    expect(screen.getByTestId('held-count').textContent).toBe('5');
    expect(screen.getByTestId('focus-state').textContent).toBe('Focus off');
  });

  it('buttons send the contract commands', async () => {
    const client = makeFakeClient({
      startFocus: () => makeState(),
      releaseNow: () => null,
      pause: () => makeState(),
    });
    const { stores } = renderWith(client, <StatusView />);
    await act(() => stores.status.getState().load());
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Focus 25 min' })));
    await settle(() => fireEvent.click(screen.getByRole('button', { name: '90 min' })));
    expect(client.callsOf('startFocus')).toEqual([{ minutes: 25 }, { minutes: 90 }]);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: /Until the block ends/ }).disabled).toBe(
      true,
    );
  });

  it('lists urgent deliveries from the delivered event, as text', async () => {
    const client = makeFakeClient();
    const { stores } = renderWith(client, <StatusView />);
    await act(() => stores.status.getState().load());
    act(() =>
      client.emit('delivered', { item: makeItem({ title: '<b>Server down</b>', state: 'delivered' }) }),
    );
    expect(
      within(screen.getByTestId('delivered-list')).getByText('<b>Server down</b>', { exact: false }),
    ).toBeTruthy();
  });

  it('accounts with problems offer a one-click fix', async () => {
    const client = makeFakeClient({
      getState: () => makeState({ accounts: [account('connected', 'ok'), account('tls-untrusted', 'tls')] }),
      trustCertificate: () => account('connected', 'tls'),
    });
    const { stores } = renderWith(client, <StatusView />);
    await act(() => stores.status.getState().load());
    expect(screen.queryByText('Mail ok')).toBeNull();
    expect(screen.getByText('Mail tls')).toBeTruthy();
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Trust this certificate' })));
    expect(client.callsOf('trustCertificate')).toEqual([{ id: 'tls', sha256: 'AB:CD' }]);
  });
});
