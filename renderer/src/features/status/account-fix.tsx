/** One account that needs attention, with the one click that fixes it. */
import { useState } from 'react';
import type { Account } from '../../api/types';
import { useStores } from '../../store/stores';
import { navigate } from '../../ui/router';

export const HEALTHY = new Set(['connected', 'connecting', 'catching-up']);

const PROBLEM: Record<string, string> = {
  'auth-failed': 'Sign-in failed',
  offline: 'Offline',
  'tls-untrusted': 'Untrusted certificate',
  disabled: 'Turned off',
  error: 'Error',
};

export function accountInput(a: Account, enabled = a.enabled) {
  return { id: a.id, name: a.name, enabled, config: a.config };
}

export function AccountFix({ account }: { account: Account }) {
  const stores = useStores();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const run = async (fn: () => Promise<{ message: string } | null>): Promise<void> => {
    setBusy(true);
    const err = await fn();
    setBusy(false);
    setResult(err ? err.message : null);
  };
  const s = account.status;
  let fix: { label: string; onClick: () => void };
  if (s.state === 'tls-untrusted' && s.certificate) {
    const sha = s.certificate.sha256;
    fix = {
      label: 'Trust this certificate',
      onClick: () => void run(() => stores.accounts.getState().trust(account.id, sha)),
    };
  } else if (s.state === 'auth-failed') {
    fix = { label: 'Sign in again…', onClick: () => navigate('settings', `accounts:${account.id}`) };
  } else if (s.state === 'disabled' || !account.enabled) {
    fix = {
      label: 'Turn on',
      onClick: () => void run(() => stores.accounts.getState().update(accountInput(account, true))),
    };
  } else {
    fix = {
      label: 'Reconnect now',
      onClick: () => void run(() => stores.accounts.getState().update(accountInput(account))),
    };
  }
  return (
    <div className="problem">
      <div style={{ minWidth: 0 }}>
        <div>
          <strong>{account.name}</strong> · <span className="warnText">{PROBLEM[s.state] ?? s.state}</span>
        </div>
        {s.detail ? <div className="muted small">{s.detail}</div> : null}
        {s.state === 'tls-untrusted' && s.certificate ? (
          <div className="muted small selectable">
            {s.certificate.subject} · issued by {s.certificate.issuer} · SHA-256 {s.certificate.sha256}
          </div>
        ) : null}
        {result ? (
          <div className="error" role="alert">
            {result}
          </div>
        ) : null}
      </div>
      <button type="button" onClick={fix.onClick} disabled={busy}>
        {fix.label}
      </button>
    </div>
  );
}
