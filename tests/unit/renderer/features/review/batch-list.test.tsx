import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ReviewView } from '../../../../../renderer/src/features/review/review-view';
import type { BatchSummary } from '../../../../../renderer/src/api/types';
import { makeBatch, NOW_MS } from '../../support/factories';
import { makeFakeClient } from '../../support/fake-client';
import { useLayoutBox } from '../../support/dom';
import { renderWith } from '../../support/render';

// 120 batches in the engine, ids 1..120, served newest first like the store does.
const ALL: BatchSummary[] = Array.from({ length: 120 }, (_, i) =>
  makeBatch({ id: 120 - i, releasedAtMs: NOW_MS - i * 3_600_000 }),
);
function listBatches(input: { beforeId?: number; limit?: number }): BatchSummary[] {
  return ALL.filter((b) => b.id < (input.beforeId ?? Infinity)).slice(0, input.limit ?? 50);
}

describe('BatchList', () => {
  useLayoutBox();

  // 15 s, not the default 5: it renders 120 batches through three pages and takes ~1 s alone, but
  // went past 5 s once on a loaded machine (a timeout, not a wrong result).
  it('pages past the newest 50 from the keyboard and stops when the engine has no more', async () => {
    const user = userEvent.setup();
    const client = makeFakeClient({ listBatches });
    renderWith(client, <ReviewView />);
    const nav = await screen.findByRole('navigation', { name: 'Batches' });
    const batchButtons = (): HTMLElement[] =>
      within(nav)
        .getAllByRole('button')
        .filter((b) => b.hasAttribute('data-batch'));
    await waitFor(() => expect(batchButtons()).toHaveLength(50));
    expect(client.callsOf('listBatches')).toEqual([{ limit: 50 }]);

    // Tab from the oldest shown batch reaches the button; Enter loads the next page.
    batchButtons().at(-1)?.focus();
    await user.tab();
    const older = within(nav).getByRole('button', { name: 'Load older batches' });
    expect(document.activeElement).toBe(older);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(batchButtons()).toHaveLength(100));
    expect(client.callsOf('listBatches')[1]).toEqual({ beforeId: 71, limit: 50 });
    expect(batchButtons().map((b) => Number(b.dataset.batch))).toEqual(ALL.slice(0, 100).map((b) => b.id));
    // Focus moves to the first batch that arrived.
    expect(document.activeElement).toBe(batchButtons()[50]);
    expect(batchButtons()[50]?.dataset.batch).toBe('70');

    // Space works too; the last page is short, so the button goes, and focus again lands on the first new batch.
    within(nav).getByRole('button', { name: 'Load older batches' }).focus();
    await user.keyboard(' ');
    await waitFor(() => expect(batchButtons()).toHaveLength(120));
    expect(client.callsOf('listBatches')[2]).toEqual({ beforeId: 21, limit: 50 });
    expect(within(nav).queryByRole('button', { name: /older batches/ })).toBeNull();
    expect(document.activeElement).toBe(batchButtons()[100]);
    expect(batchButtons()[100]?.dataset.batch).toBe('20');
    expect(batchButtons().at(-1)?.dataset.batch).toBe('1');
  }, 15_000);

  it('shows no button when the first page is not full', async () => {
    const client = makeFakeClient({ listBatches: () => ALL.slice(0, 3) });
    renderWith(client, <ReviewView />);
    const nav = await screen.findByRole('navigation', { name: 'Batches' });
    await waitFor(() => expect(within(nav).getByText('Latest')).toBeTruthy());
    expect(within(nav).queryByRole('button', { name: /older batches/ })).toBeNull();
  });

  it('keeps the list and the button when an older page fails, and says why', async () => {
    const user = userEvent.setup();
    let calls = 0;
    const client = makeFakeClient({
      listBatches: (input: { beforeId?: number; limit?: number }) => {
        calls += 1;
        if (calls > 1) throw new Error('engine went away');
        return listBatches(input);
      },
    });
    renderWith(client, <ReviewView />);
    const older = await screen.findByRole('button', { name: 'Load older batches' });
    older.focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByText(/engine went away/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Load older batches' })).toBe(document.activeElement);
    expect(screen.getAllByRole('button').filter((b) => b.hasAttribute('data-batch'))).toHaveLength(50);
  });
});
