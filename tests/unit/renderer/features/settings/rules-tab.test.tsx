import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LullError } from '../../../../../renderer/src/api/errors';
import { RulesTab } from '../../../../../renderer/src/features/settings/rules-tab';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { makeRule } from '../../support/factories';
import { renderWith } from '../../support/render';

const order = (): (string | null)[] =>
  within(screen.getByTestId('rule-list'))
    .getAllByRole('listitem')
    .map((li) => li.getAttribute('data-rule-id'));

describe('RulesTab', () => {
  useLayoutBox();

  it('reorders with Alt+arrows on the handle and saves the new order', async () => {
    const client = makeFakeClient({
      setRules: (input: { rules: unknown[] }) => ({ version: 4, rules: input.rules }),
    });
    renderWith(client, <RulesTab />);
    await waitFor(() => expect(order()).toEqual(['a', 'b', 'c']));
    const handle = screen.getByRole('button', { name: /^Reorder Alpha/ });
    handle.focus();
    fireEvent.keyDown(handle, { key: 'ArrowDown', altKey: true });
    expect(order()).toEqual(['b', 'a', 'c']);
    expect(document.activeElement?.getAttribute('aria-label')).toMatch(/^Reorder Alpha, position 2/);
    fireEvent.keyDown(document.activeElement as Element, { key: 'ArrowDown', altKey: true });
    expect(order()).toEqual(['b', 'c', 'a']);
    await waitFor(() => expect(screen.getByTestId<HTMLButtonElement>('save-rules').disabled).toBe(false));
    await settle(() => fireEvent.click(screen.getByTestId('save-rules')));
    const saved = client.callsOf('setRules')[0] as { rules: { id: string }[] };
    expect(saved.rules.map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });

  it('warns about a deliver rule that would let every item through, and not about one that names people', async () => {
    const client = makeFakeClient({
      getRules: () => ({
        version: 1,
        rules: [
          makeRule({ id: 'vips', name: 'VIPs', enabled: false }),
          makeRule({ id: 'on', name: 'Everything', enabled: true }),
          makeRule({ id: 'held', name: 'Hold all', action: 'hold' }),
          makeRule({ id: 'boss', name: 'Boss', match: { ...makeRule().match, senders: ['boss@x.com'] } }),
          makeRule({ id: 'slack', name: 'Slack only', match: { ...makeRule().match, sources: ['slack'] } }),
        ],
      }),
    });
    renderWith(client, <RulesTab />);
    await waitFor(() => expect(order()).toHaveLength(5));
    const row = (id: string) =>
      within(screen.getByTestId('rule-list'))
        .getAllByRole('listitem')
        .find((li) => li.getAttribute('data-rule-id') === id)?.textContent ?? '';
    expect(row('vips')).toContain('add people first, or it lets every item through');
    expect(row('on')).toContain('lets every item through: add people or words');
    for (const id of ['held', 'boss', 'slack']) expect(row(id)).not.toContain('every item');
    expect(row('slack')).toContain('1 source');
    // Turning it on changes the warning with it.
    fireEvent.click(screen.getByRole('checkbox', { name: 'VIPs enabled' }));
    expect(row('vips')).toContain('lets every item through');
  });

  it('shows the engine’s problem next to the field and saves nothing half-valid', async () => {
    const client = makeFakeClient({
      testRule: (input: { rules: { name: string }[] }) => {
        if (input.rules.some((r) => r.name.trim() === '')) {
          throw new LullError({
            code: 'EVALIDATION',
            message: 'Invalid testRule input',
            problems: [{ path: 'rules.0.name', message: 'Give the rule a name' }],
          });
        }
        return { action: 'hold', ruleId: 'x', reason: 'r', trace: [] };
      },
    });
    renderWith(client, <RulesTab />);
    await waitFor(() => expect(order()).toEqual(['a', 'b', 'c']));
    fireEvent.click(
      within(screen.getAllByRole('listitem')[0] as HTMLElement).getByRole('button', { name: 'Edit' }),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Name' }), { target: { value: '  ' } });
    expect(await screen.findByText('Give the rule a name')).toBeTruthy();
    expect(screen.getByTestId<HTMLButtonElement>('save-rules').disabled).toBe(true);
    expect(client.callsOf('setRules')).toEqual([]);
  });

  it('the rule tester shows the decision and trace for the draft rules', async () => {
    const client = makeFakeClient({
      testRule: (input: { item: { sender: { address: string } } }) =>
        input.item.sender.address === 'vip@example.com'
          ? {
              action: 'deliver',
              ruleId: 'a',
              reason: 'VIP sender',
              trace: [{ ruleId: 'a', matched: true, note: 'sender in list' }],
            }
          : { action: 'hold', ruleId: 'focus-default', reason: 'Held', trace: [] },
    });
    renderWith(client, <RulesTab />);
    await waitFor(() => expect(order()).toEqual(['a', 'b', 'c']));
    fireEvent.change(screen.getByLabelText('Sender address'), { target: { value: 'vip@example.com' } });
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Test' })));
    const result = screen.getByTestId('rule-test-result');
    expect(result.textContent).toContain('Deliver now');
    expect(result.textContent).toContain('Alpha: sender in list');
  });
});
