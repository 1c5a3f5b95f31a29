import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LullError } from '../../../../../renderer/src/api/errors';
import { AccountsTab } from '../../../../../renderer/src/features/settings/accounts-tab';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { renderWith } from '../../support/render';

describe('AccountsTab', () => {
  useLayoutBox();

  it('IMAP: the engine’s field problems show next to their fields, and the input is marked invalid', async () => {
    const client = makeFakeClient({
      addAccount: () => {
        throw new LullError({
          code: 'EVALIDATION',
          message: 'Invalid addAccount input',
          problems: [
            { path: 'config.imap.host', message: 'Enter the server name' },
            { path: 'config.imap.recentWindowMin', message: 'Too large' },
          ],
        });
      },
    });
    renderWith(client, <AccountsTab editId={null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Email (IMAP)' }));
    expect(screen.getByRole('button', { name: 'Email (IMAP)' }).getAttribute('aria-pressed')).toBe('true');
    const form = screen.getByRole('form', { name: 'Add an email account' });
    fireEvent.change(within(form).getByLabelText(/^Username/), { target: { value: 'me' } });
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    const server = within(form).getByLabelText(/^Server/);
    expect(server.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(server.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Enter the server name',
    );
    expect(
      within(form)
        .getByLabelText(/^Username/)
        .getAttribute('aria-invalid'),
    ).toBeNull();
    // A problem with no field of its own is listed under the form.
    expect(within(form).getByText('config.imap.recentWindowMin: Too large')).toBeTruthy();
    const sent = client.callsOf('addAccount')[0] as { config: { imap: { username: string; port: number } } };
    expect(sent.config.imap).toMatchObject({ username: 'me', port: 993 });
  });

  it('Slack: bad tokens are caught before anything is sent; Cancel closes the form', async () => {
    const client = makeFakeClient();
    renderWith(client, <AccountsTab editId={null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Slack' }));
    const form = screen.getByRole('form', { name: 'Add Slack' });
    fireEvent.change(within(form).getByLabelText(/^User OAuth Token/), { target: { value: 'nope' } });
    fireEvent.change(within(form).getByLabelText(/^App-Level Token/), {
      target: { value: 'xapp-1' },
    });
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Add Slack' })));
    expect(within(form).getByText('Paste the User OAuth Token (starts with xoxp-)')).toBeTruthy();
    expect(
      within(form)
        .getByLabelText(/^User OAuth Token/)
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(
      within(form)
        .getByLabelText(/^App-Level Token/)
        .getAttribute('aria-invalid'),
    ).toBeNull();
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Test connection' })));
    expect(client.callsOf('addAccount')).toEqual([]);
    expect(client.callsOf('testAccount')).toEqual([]);
    fireEvent.click(within(form).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Add Slack' })).toBeNull();
  });
});
