import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ServerSuggestion } from '../../../../../renderer/src/api/types';
import { AccountsTab } from '../../../../../renderer/src/features/settings/accounts-tab';
import { settle, useLayoutBox } from '../../support/dom';
import { makeFakeClient } from '../../support/fake-client';
import { renderWith } from '../../support/render';

const GOOGLE: ServerSuggestion = {
  name: 'Gmail',
  host: 'imap.gmail.com',
  port: 993,
  security: 'tls',
  oauthProvider: 'google',
  note: 'Mail for acme.example is handled by Gmail.',
  helpUrl: 'https://myaccount.google.com/apppasswords',
  source: 'mx',
};
const ICLOUD: ServerSuggestion = {
  name: 'iCloud Mail',
  host: 'imap.mail.me.com',
  port: 993,
  security: 'tls',
  oauthProvider: null,
  note: 'iCloud needs an app-specific password.',
  helpUrl: null,
  source: 'known',
};
const SRV: ServerSuggestion = {
  name: 'srv.example',
  host: 'mail.srv.example',
  port: 143,
  security: 'starttls',
  oauthProvider: null,
  note: null,
  helpUrl: null,
  source: 'srv',
};

function setup(providers: { id: string; name: string; imapHost: string | null }[] = []) {
  const answers: Record<string, ServerSuggestion> = {
    'alice@acme.example': GOOGLE,
    'alice@icloud.com': ICLOUD,
    'alice@srv.example': SRV,
  };
  const client = makeFakeClient({
    listOAuthProviders: () => providers,
    suggestImapServer: (input: never) => ({
      server: answers[(input as { address: string }).address] ?? null,
    }),
  });
  renderWith(client, <AccountsTab editId={null} />);
  return client;
}

async function openForm() {
  await settle(() => fireEvent.click(screen.getByRole('button', { name: 'Email (IMAP)' })));
  const form = screen.getByRole('form', { name: 'Add an email account' });
  const field = (label: RegExp) => within(form).getByLabelText<HTMLInputElement>(label);
  const type = (label: RegExp, value: string) => fireEvent.change(field(label), { target: { value } });
  return { form, field, type };
}

describe('IMAP form: server settings from the address', () => {
  useLayoutBox();

  it("fills in the server from the address, selects the provider's sign-in, and says why", async () => {
    const client = setup([{ id: 'google', name: 'Google', imapHost: 'imap.gmail.com' }]);
    const { form, field, type } = await openForm();
    type(/^Username/, 'alice@acme');
    type(/^Username/, 'alice@acme.example');
    await waitFor(() => expect(field(/^Server/).value).toBe('imap.gmail.com'));
    // Looked up once typing paused, not per keystroke.
    expect(client.callsOf('suggestImapServer')).toEqual([{ address: 'alice@acme.example' }]);
    expect(field(/^Port/).value).toBe('993');
    expect(within(form).getByLabelText<HTMLSelectElement>(/^Sign in with/).value).toBe('google');
    // A company's own domain names the account, not the provider hosting it.
    expect(field(/^Name/).placeholder).toBe('acme.example');
    const note = within(form).getByRole('note', { name: 'Suggested server settings' });
    expect(note.textContent).toContain('Mail for acme.example is handled by Gmail.');
    expect(note.textContent).toContain('Sign in with Google is selected.');
    expect(within(note).getByRole('link', { name: 'Open myaccount.google.com' }).getAttribute('href')).toBe(
      'https://myaccount.google.com/apppasswords',
    );

    // Another address replaces what a suggestion filled in, sign-in method included.
    type(/^Username/, 'alice@srv.example');
    await waitFor(() => expect(field(/^Server/).value).toBe('mail.srv.example'));
    expect(field(/^Port/).value).toBe('143');
    expect(within(form).getByLabelText<HTMLSelectElement>(/^Security/).value).toBe('starttls');
    expect(within(form).getByLabelText<HTMLSelectElement>(/^Sign in with/).value).toBe('');
    expect(within(form).getByRole('note').textContent).toContain('(from DNS)');
  });

  it('never overwrites a server the user typed, but offers the suggestion', async () => {
    setup();
    const { form, field, type } = await openForm();
    type(/^Server/, 'mail.mine.example');
    type(/^Username/, 'alice@icloud.com');
    const note = await within(form).findByRole('note');
    expect(note.textContent).toContain('its server is imap.mail.me.com, port 993');
    expect(field(/^Server/).value).toBe('mail.mine.example');
    expect(field(/^Name/).placeholder).toBe('Work mail');
    // Without a configured Google client there is no sign-in select to touch.
    expect(within(form).queryByLabelText(/^Sign in with/)).toBeNull();
    fireEvent.click(within(note).getByRole('button', { name: 'Use these settings' }));
    expect(field(/^Server/).value).toBe('imap.mail.me.com');
    expect(within(form).getByRole('note').textContent).toContain('server imap.mail.me.com filled in');
    expect(field(/^Name/).placeholder).toBe('iCloud Mail');
  });

  it('keeps a typed password sign-in, and says when browser sign-in is not configured', async () => {
    const client = setup();
    const { form, field, type } = await openForm();
    type(/^Password or app password/, 'app-pw');
    type(/^Username/, 'alice@acme.example');
    await waitFor(() => expect(field(/^Server/).value).toBe('imap.gmail.com'));
    expect(within(form).getByRole('note').textContent).toContain('needs a client id');
    expect(field(/^Password or app password/).value).toBe('app-pw');
    await settle(() => fireEvent.click(within(form).getByRole('button', { name: 'Add account' })));
    expect(client.callsOf('addAccount')[0]).toMatchObject({
      name: 'acme.example',
      secret: 'app-pw',
      config: { imap: { host: 'imap.gmail.com', port: 993, security: 'tls', auth: 'password' } },
    });
  });

  it('clears what a suggestion filled in when the address changes to one it knows nothing about', async () => {
    const client = setup([{ id: 'google', name: 'Google', imapHost: 'imap.gmail.com' }]);
    const { form, field, type } = await openForm();
    type(/^Username/, 'alice@acme.example');
    await waitFor(() => expect(field(/^Server/).value).toBe('imap.gmail.com'));
    type(/^Username/, 'alice@unknown.example');
    await waitFor(() => expect(client.callsOf('suggestImapServer')).toHaveLength(2));
    await waitFor(() => expect(field(/^Server/).value).toBe(''));
    expect(within(form).getByLabelText<HTMLSelectElement>(/^Sign in with/).value).toBe('');
    expect(within(form).queryByRole('note')).toBeNull();
  });

  it('shows nothing for an address it knows nothing about', async () => {
    const client = setup();
    const { form, field, type } = await openForm();
    type(/^Username/, 'alice@unknown.example');
    await waitFor(() => expect(client.callsOf('suggestImapServer')).toHaveLength(1));
    await settle(() => undefined);
    expect(within(form).queryByRole('note')).toBeNull();
    expect(field(/^Server/).value).toBe('');
  });
});
