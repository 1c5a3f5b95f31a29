/**
 * A sign-in that finishes outside Lull (a browser page or a device code): the engine answers with
 * what to show at once and reports the end as a 'signIn' event, matched here by its id.
 */
import { useEffect, useState } from 'react';
import type { CommandInput, WireError } from '../../api/types';
import { wireErrorOf } from '../../api/errors';
import { useStores } from '../../store/stores';

export interface PendingSignIn {
  readonly signInId: string;
  readonly url: string | null;
  readonly userCode: string | null;
  readonly message: string;
}

export interface SignInOutcome {
  readonly ok: boolean;
  readonly message: string;
}

export function useSignIn(onSignedIn?: () => void) {
  const stores = useStores();
  const [pending, setPending] = useState<PendingSignIn | null>(null);
  const [outcome, setOutcome] = useState<SignInOutcome | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  useEffect(() => {
    if (!pending) return;
    return stores.client.on('signIn', (ev) => {
      if (ev.signInId !== pending.signInId) return;
      setOutcome({ ok: ev.ok, message: ev.message });
      setPending(null);
      if (!ev.ok) return;
      void stores.accounts.getState().load();
      onSignedIn?.();
    });
  }, [pending, stores, onSignedIn]);
  const begin = async (input: CommandInput<'beginSignIn'>): Promise<void> => {
    setOutcome(null);
    try {
      setPending({ ...(await stores.client.beginSignIn(input)) });
      setError(null);
    } catch (e) {
      setError(wireErrorOf(e));
    }
  };
  return { pending, outcome, error, begin };
}

/** Only a web page is offered as a link (the URL comes from configuration, not from mail or chat). */
function isWebUrl(url: string): boolean {
  return /^https:\/\//i.test(url) || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(url);
}

export function SignInStatus({
  pending,
  outcome,
}: {
  pending: PendingSignIn | null;
  outcome: SignInOutcome | null;
}) {
  return (
    <>
      {pending ? (
        <div className="card" role="status" style={{ padding: '8px 10px' }}>
          <div>{pending.message}</div>
          {pending.userCode ? (
            <div style={{ marginTop: 4 }}>
              Code: <strong className="selectable">{pending.userCode}</strong>
              {pending.url ? <span className="muted selectable"> at {pending.url}</span> : null}
            </div>
          ) : pending.url && isWebUrl(pending.url) ? (
            <div className="small" style={{ marginTop: 4 }}>
              No browser window?{' '}
              <a href={pending.url} target="_blank" rel="noreferrer">
                Open the sign-in page
              </a>
            </div>
          ) : null}
        </div>
      ) : null}
      {outcome ? (
        <div className={outcome.ok ? 'okText' : 'error'} role="alert">
          {outcome.message}
        </div>
      ) : null}
    </>
  );
}
