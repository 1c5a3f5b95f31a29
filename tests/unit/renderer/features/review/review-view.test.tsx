import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ReviewView } from '../../../../../renderer/src/features/review/review-view';
import { makeBatch, makeItem, makeState, NOW_MS } from '../../support/factories';
import { makeFakeClient } from '../../support/fake-client';
import { settle, useLayoutBox } from '../../support/dom';
import { renderWith } from '../../support/render';

const ann = { name: 'Ann', address: 'ann@example.com' };
const bob = { name: 'Bob', address: 'bob@example.com' };

/** The review of a batch of two: Ann's item (newer, selected first), then Bob's; once both show. */
async function reviewOfTwo(annId: number, bobId: number) {
  const items = [
    makeItem({ id: annId, sender: ann, personKey: 'ann', receivedAtMs: NOW_MS }),
    makeItem({ id: bobId, sender: bob, personKey: 'bob', receivedAtMs: NOW_MS - 1 }),
  ];
  const client = makeFakeClient({
    listBatches: () => [makeBatch({ itemCount: 2 })],
    listItems: () => items,
  });
  renderWith(client, <ReviewView />);
  const list = await screen.findByRole('listbox');
  await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
  return { client, list };
}

describe('ReviewView', () => {
  useLayoutBox();

  it('renders mail text as text: a markup subject shows literally and makes no element', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const client = makeFakeClient({
      listBatches: () => [makeBatch()],
      listItems: () => [makeItem({ title: evil, preview: '<b>hi</b>' })],
    });
    const { container } = renderWith(client, <ReviewView />);
    expect(await screen.findByText(evil)).toBeTruthy();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('j/k move, e marks done (engine first), u undoes', async () => {
    const { client, list } = await reviewOfTwo(11, 12);
    const selected = (): string => within(list).getByRole('option', { selected: true }).id;
    expect(selected()).toBe('item-11');
    fireEvent.keyDown(list, { key: 'j' });
    expect(selected()).toBe('item-12');
    fireEvent.keyDown(list, { key: 'k' });
    expect(selected()).toBe('item-11');
    await settle(() => fireEvent.keyDown(list, { key: 'e' }));
    expect(client.callsOf('setDone')).toEqual([{ ids: [11], done: true }]);
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    await settle(() => fireEvent.keyDown(list, { key: 'u' }));
    expect(client.callsOf('setDone')).toEqual([
      { ids: [11], done: true },
      { ids: [11], done: false },
    ]);
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
  });

  it('an item read in another mail app leaves the list when the engine says so', async () => {
    const { client, list } = await reviewOfTwo(21, 22);
    act(() => client.emit('readElsewhere', { ids: [22, 99] }));
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(1));
    expect(within(list).getByRole('option').id).toBe('item-21');
    expect(await screen.findByText('1 item was read elsewhere')).toBeTruthy();
    // Nothing was asked of the engine: it marked the item done itself.
    expect(client.callsOf('setDone')).toEqual([]);
  });

  it('o opens the link, Shift+O the other one, and the second button names where it opens', async () => {
    const web = 'https://mail.google.com/mail/u/0/#search/rfc822msgid%3Ag%40x';
    const app = 'message:%3Cg%40x%3E';
    const items = [
      makeItem({ id: 41, sender: ann, personKey: 'ann', link: web, altLink: app, receivedAtMs: NOW_MS }),
      makeItem({ id: 42, sender: bob, personKey: 'bob', receivedAtMs: NOW_MS - 1 }),
    ];
    const client = makeFakeClient({
      listBatches: () => [makeBatch({ itemCount: 2 })],
      listItems: () => items,
      openItem: (input: { id: number; alt?: boolean }) => {
        const item = items.find((i) => i.id === input.id)!;
        return { link: input.alt ? item.altLink : item.link };
      },
    });
    const opened: string[] = [];
    const spy = vi.spyOn(window, 'open').mockImplementation((url) => {
      opened.push(String(url));
      return null;
    });
    try {
      renderWith(client, <ReviewView />);
      const list = await screen.findByRole('listbox');
      await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
      await settle(() => fireEvent.keyDown(list, { key: 'o' }));
      await settle(() => fireEvent.keyDown(list, { key: 'O', shiftKey: true }));
      expect(client.callsOf('openItem')).toEqual([{ id: 41 }, { id: 41, alt: true }]);
      await waitFor(() => expect(opened).toEqual([web, app]));
      await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Open in the mail app' })));
      await waitFor(() => expect(opened).toEqual([web, app, app]));
      // Bob's item has one link: no second button, and Shift+O does nothing.
      fireEvent.keyDown(list, { key: 'j' });
      expect(screen.queryByRole('button', { name: /^Open in / })).toBeNull();
      await settle(() => fireEvent.keyDown(list, { key: 'O', shiftKey: true }));
      expect(client.callsOf('openItem')).toHaveLength(3);
    } finally {
      spy.mockRestore();
    }
  });

  it('a failed action leaves the list as it was and says why', async () => {
    const client = makeFakeClient({
      listBatches: () => [makeBatch()],
      listItems: () => [makeItem({ id: 21 })],
      setDone: () => {
        throw new Error('Store is busy');
      },
    });
    renderWith(client, <ReviewView />);
    const list = await screen.findByRole('listbox');
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Done' })));
    expect(await screen.findByText('Store is busy')).toBeTruthy();
    expect(within(list).getAllByRole('option')).toHaveLength(1);
  });

  it('always let this sender through adds a deliver rule; undo restores the previous rules version', async () => {
    const client = makeFakeClient({
      listBatches: () => [makeBatch()],
      listItems: () => [makeItem({ id: 31, sender: bob, personKey: 'bob' })],
      addSenderRule: () => ({ rules: { version: 8, rules: [] }, previousVersion: 7 }),
      restoreRules: () => ({ version: 9, rules: [] }),
    });
    renderWith(client, <ReviewView />);
    await screen.findByRole('listbox');
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Always let through' })));
    expect(client.callsOf('addSenderRule')).toEqual([{ address: 'bob@example.com', action: 'deliver' }]);
    expect(await screen.findByText('bob@example.com will always come through')).toBeTruthy();
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Undo' })));
    expect(client.callsOf('restoreRules')).toEqual([{ version: 7 }]);
  });

  it('shows ? keys and an empty state naming the next batch', async () => {
    const client = makeFakeClient({ getState: () => makeState({ heldCount: 3 }) });
    const { stores } = renderWith(client, <ReviewView />);
    await act(() => stores.status.getState().load());
    expect(await screen.findByTestId('review-empty')).toBeTruthy();
    expect(screen.getByText(/The next batch comes .* with 3 items held so far/)).toBeTruthy();
    fireEvent.keyDown(window, { key: '?' });
    expect(screen.getByRole('dialog', { name: 'Keyboard' })).toBeTruthy();
  });

  it('follows batch events: a new batch becomes the one shown', async () => {
    const client = makeFakeClient({
      listBatches: () => [makeBatch({ id: 1 })],
      listItems: (input: { batchId: number }) => [
        makeItem({ id: input.batchId * 100, title: `from batch ${input.batchId}` }),
      ],
    });
    renderWith(client, <ReviewView />);
    expect(await screen.findByText('from batch 1')).toBeTruthy();
    act(() => client.emit('batch', { batch: makeBatch({ id: 2 }) }));
    expect(await screen.findByText('from batch 2')).toBeTruthy();
  });

  it('renders a bounded number of rows for 10,000 items', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeItem({
        id: 1000 + i,
        personKey: `p${i % 500}`,
        sender: { name: `P${i % 500}`, address: `p${i % 500}@x.example` },
      }),
    );
    const client = makeFakeClient({
      listBatches: () => [makeBatch({ itemCount: 10_000 })],
      listItems: () => many,
    });
    const { container } = renderWith(client, <ReviewView />);
    await screen.findByRole('listbox');
    await waitFor(() => expect(container.querySelectorAll('[data-row]').length).toBeGreaterThan(0));
    expect(container.querySelectorAll('.vrow').length).toBeLessThan(150);
  });

  it('opens the batch the route names (#/review/<batchId>)', async () => {
    const client = makeFakeClient({
      listBatches: () => [makeBatch({ id: 2 }), makeBatch({ id: 1 })],
      listItems: (input: { batchId: number }) => [
        makeItem({ id: input.batchId * 10, title: `from batch ${input.batchId}` }),
      ],
    });
    renderWith(client, <ReviewView batchId={1} />);
    expect(await screen.findByText('from batch 1')).toBeTruthy();
    expect(screen.queryByText('from batch 2')).toBeNull();
  });
});
