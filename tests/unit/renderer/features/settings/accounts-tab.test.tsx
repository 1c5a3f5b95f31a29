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

  it('IMAP: folders are one per line (a name may hold a comma) and can be picked from the server after a test', async () => {
    const client = makeFakeClient({
      testAccount: () => ({
        ok: true,
        kind: 'ok',
        message: 'Connected to imap.example.com: 12 capabilities.',
        capabilities: ['IDLE'],
        folders: ['INBOX', 'Projects, 2026', 'Work'],
        certificate: null,
      }),
      addAccount: (input: never) => ({ id: 'a1', status: {}, ...(input as object) }),
    });
    renderWith(client, <AccountsTab editId={null} />);
    fireEvent.click(screen.getByRole('button', { name: 'Email (IMAP)' }));
    const form = screen.getByRole('form', { name: 'Add an email account' });
    const list = within(form).getByLabelText<HTMLTextAreaElement>(/^Folders to watch/);
    expect(list.value).toBe('INBOX');
    // Nothing to pick from before a test has listed the server's folders.
    expect(within(form).queryByRole('group', { name: 'Folders on the server' })).toBeNull();
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Test connection' })));
    const server = within(form).getByRole('group', { name: 'Folders on the server' });
    const chip = (name: string) => within(server).getByRole('button', { name });
    expect(chip('INBOX').getAttribute('aria-pressed')).toBe('true');
    expect(chip('Work').getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(chip('Projects, 2026'));
    fireEvent.click(chip('Work'));
    expect(list.value).toBe('INBOX\nProjects, 2026\nWork');
    fireEvent.click(chip('Work')); // a second click takes it out again
    expect(chip('Work').getAttribute('aria-pressed')).toBe('false');
    // Typed in another case, INBOX is still INBOX; a repeated line is sent once.
    fireEvent.change(list, { target: { value: 'inbox\nProjects, 2026\n\nProjects, 2026' } });
    expect(chip('INBOX').getAttribute('aria-pressed')).toBe('true');
    fireEvent.change(within(form).getByLabelText(/^Server/), { target: { value: 'imap.example.com' } });
    fireEvent.change(within(form).getByLabelText(/^Username/), { target: { value: 'me' } });
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    const sent = client.callsOf('addAccount')[0] as { config: { imap: { folders: string[] } } };
    expect(sent.config.imap.folders).toEqual(['inbox', 'Projects, 2026']);
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
