import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LullError } from '../../../../../renderer/src/api/errors';
import { AccountsTab } from '../../../../../renderer/src/features/settings/accounts-tab';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { renderWith } from '../../support/render';
import type { ImapConfig } from '../../../../../electron/shared/accounts/imap';
import { makeImapConfig } from '../../../../support/factories';

/** A connected IMAP account as listAccounts returns it, with these settings changed. */
function imapAccount(id: string, name: string, imap: Partial<ImapConfig>) {
  return {
    id,
    name,
    enabled: true,
    config: {
      kind: 'imap',
      imap: makeImapConfig(imap),
    },
    status: { state: 'connected', detail: '', progress: null, retryAtMs: null, certificate: null },
  };
}

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
    fireEvent.change(within(form).getByLabelText(/^Username/), { target: { value: 'me@gmail.com' } });
    // The user name is an address: no separate address is asked for.
    expect(within(form).queryByLabelText(/^Your email address/)).toBeNull();
    fireEvent.change(within(form).getByLabelText(/^Username/), { target: { value: 'me' } });
    fireEvent.change(within(form).getByLabelText(/^Your email address/), {
      target: { value: ' me@example.com ' },
    });
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    const sent = client.callsOf('addAccount')[0] as { config: { imap: Record<string, unknown> } };
    expect(sent.config.imap.folders).toEqual(['inbox', 'Projects, 2026']);
    // A new account looks back an hour for mail that came just before it was added.
    expect(sent.config.imap).toMatchObject({ recentWindowMin: 60, address: 'me@example.com' });
  });

  it('IMAP: holding at the server says where the mail waits and when it comes back', async () => {
    renderWith(makeFakeClient(), <AccountsTab editId={null} />);
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Email (IMAP)' })));
    const form = screen.getByRole('form', { name: 'Add an email account' });
    expect(within(form).queryByText(/Lull\/Held/)).toBeNull();
    fireEvent.click(within(form).getByLabelText(/^Hold mail at the server/));
    expect(within(form).getByText(/waits in the folder Lull\/Held/).textContent).toContain('when Lull quits');
  });

  it('IMAP: a new account chooses how far back its first connect looks', async () => {
    const client = makeFakeClient();
    renderWith(client, <AccountsTab editId={null} />);
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Email (IMAP)' })));
    const form = screen.getByRole('form', { name: 'Add an email account' });
    const back = within(form).getByLabelText<HTMLSelectElement>(/^Also bring in mail from before now/);
    expect(back.selectedOptions[0]?.textContent).toBe('The last hour');
    expect(within(form).getByText(/older than this stays in your mailbox/)).toBeTruthy();
    fireEvent.change(back, { target: { value: String(7 * 24 * 60) } });
    fireEvent.change(within(form).getByLabelText(/^Server/), { target: { value: 'imap.example.com' } });
    fireEvent.change(within(form).getByLabelText(/^Username/), { target: { value: 'me@example.com' } });
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    const sent = client.callsOf('addAccount')[0] as { config: { imap: Record<string, unknown> } };
    expect(sent.config.imap.recentWindowMin).toBe(7 * 24 * 60);
  });

  it('IMAP with OAuth2: picking a provider fills its server, hides the password, and signs in in the browser', async () => {
    const client = makeFakeClient({
      listOAuthProviders: () => [{ id: 'google', name: 'Google', imapHost: 'imap.gmail.com' }],
      beginSignIn: () => ({
        signInId: 's1',
        url: 'https://accounts.example.com/auth?x=1',
        userCode: null,
        message: 'Finish signing in in your browser.',
      }),
    });
    renderWith(client, <AccountsTab editId={null} />);
    await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Email (IMAP)' })));
    const form = screen.getByRole('form', { name: 'Add an email account' });
    expect(within(form).getByLabelText(/^Password or app password/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Sign in with/), { target: { value: 'google' } });
    expect(within(form).getByLabelText<HTMLInputElement>(/^Server/).value).toBe('imap.gmail.com');
    expect(within(form).getByLabelText<HTMLInputElement>(/^Port/).value).toBe('993');
    expect(within(form).queryByLabelText(/^Password or app password/)).toBeNull();
    fireEvent.change(within(form).getByLabelText(/^Username/), { target: { value: 'me@gmail.com' } });
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Sign in with Google' })));
    const sent = client.callsOf('beginSignIn')[0] as {
      method: string;
      config: { imap: { auth: string; oauthProvider: string; host: string } };
      secret?: string;
    };
    expect(sent).toMatchObject({
      method: 'browser',
      config: { imap: { auth: 'oauth2', oauthProvider: 'google' } },
    });
    expect(sent.secret).toBeUndefined();
    expect(client.callsOf('addAccount')).toHaveLength(0); // saved by the engine when the sign-in ends
    expect(within(form).getByText('Finish signing in in your browser.')).toBeTruthy();
    const link = within(form).getByRole('link', { name: 'Open the sign-in page' });
    expect(link.getAttribute('href')).toBe('https://accounts.example.com/auth?x=1');
    // Another sign-in's event is not this one's.
    await settle(() =>
      client.emit('signIn', { signInId: 'other', ok: true, message: 'Signed in', accountId: 'x' }),
    );
    expect(screen.queryByRole('form', { name: 'Add an email account' })).toBeTruthy();
    await settle(() =>
      client.emit('signIn', { signInId: 's1', ok: true, message: 'Signed in', accountId: 'a1' }),
    );
    expect(screen.queryByRole('form', { name: 'Add an email account' })).toBeNull();
  });

  it('IMAP with OAuth2: editing keeps the OAuth sign-in (no password), and can sign in again', async () => {
    const oauthAccount = imapAccount('g1', 'Gmail', {
      host: 'imap.gmail.com',
      username: 'me@gmail.com',
      auth: 'oauth2',
      oauthProvider: 'google',
      recentWindowMin: 60,
      pollIntervalSec: 300,
      address: 'me@example.com',
    });
    const client = makeFakeClient({
      listAccounts: () => [oauthAccount],
      listOAuthProviders: () => [{ id: 'google', name: 'Google', imapHost: 'imap.gmail.com' }],
      updateAccount: (input: never) => ({ ...oauthAccount, ...(input as object) }),
      beginSignIn: () => ({
        signInId: 's2',
        url: null,
        userCode: null,
        message: 'Finish signing in in your browser.',
      }),
    });
    const { stores } = renderWith(client, <AccountsTab editId="g1" />);
    // Opened from a link before the accounts were loaded: the form waits for the account.
    expect(screen.queryByRole('form')).toBeNull();
    await settle(() => void stores.accounts.getState().load());
    const form = await screen.findByRole('form', { name: 'Edit Gmail' });
    expect(within(form).queryByLabelText(/^Password or app password/)).toBeNull();
    await settle(() =>
      fireEvent.click(within(form).getByRole('button', { name: 'Sign in again with Google' })),
    );
    expect(client.callsOf('beginSignIn')[0]).toMatchObject({ accountId: 'g1', method: 'browser' });
    await settle(() =>
      client.emit('signIn', { signInId: 's2', ok: false, message: 'Access denied', accountId: null }),
    );
    expect(within(form).getByRole('alert').textContent).toBe('Access denied');
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Save' })));
    const saved = client.callsOf('updateAccount')[0] as {
      config: { imap: { auth: string; oauthProvider: string } };
    };
    expect(saved.config.imap).toMatchObject({ auth: 'oauth2', oauthProvider: 'google' });
    // What the form does not show is kept as it was.
    expect(saved.config.imap).toMatchObject({
      pollIntervalSec: 300,
      address: 'me@example.com',
      recentWindowMin: 60,
    });
    // The look-back only applies to a first connect, so an edit does not ask for it.
    expect(within(form).queryByLabelText(/^Also bring in mail from before now/)).toBeNull();
    // An account being edited keeps its server: nothing is looked up from its address.
    expect(client.callsOf('suggestImapServer')).toHaveLength(0);
  });

  it('IMAP: a trusted certificate can be taken back; it applies on Save', async () => {
    const pin = 'AB:CD:EF:01';
    const account = imapAccount('h1', 'Home server', { host: 'mail.home.example', pinnedCertSha256: pin });
    const client = makeFakeClient({
      listAccounts: () => [account],
      updateAccount: (input: never) => ({ ...account, ...(input as object) }),
    });
    const { stores } = renderWith(client, <AccountsTab editId="h1" />);
    await settle(() => void stores.accounts.getState().load());
    const form = await screen.findByRole('form', { name: 'Edit Home server' });
    expect(within(form).getByText(`Trusted certificate: ${pin}`)).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Stop trusting it' }));
    expect(within(form).queryByText(/Trusted certificate/)).toBeNull();
    expect(client.callsOf('updateAccount')).toHaveLength(0); // nothing changes before Save
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Save' })));
    const saved = client.callsOf('updateAccount')[0] as { config: { imap: { pinnedCertSha256: unknown } } };
    expect(saved.config.imap.pinnedCertSha256).toBeNull();
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
