/** The outcome of "Test connection", and the button row the add-account forms share. */
import type { ConnectionTest, WireError } from '../../api/types';
import { isWireError } from '../../store/accounts';

export function TestResult({
  result,
  onTrust,
}: {
  result: ConnectionTest | WireError;
  onTrust?: (sha: string) => void;
}) {
  if (isWireError(result)) {
    return (
      <div className="error" role="alert" data-testid="connection-test">
        {result.message}
      </div>
    );
  }
  return (
    <div role="status" data-testid="connection-test" className="card" style={{ padding: '8px 10px' }}>
      <div className={result.ok ? 'okText' : 'error'}>
        <strong>{result.ok ? 'Connected' : `Failed (${result.kind})`}</strong>: {result.message}
      </div>
      {result.capabilities.length > 0 ? (
        <div className="muted small">Server offers: {result.capabilities.join(' ')}</div>
      ) : null}
      {result.certificate ? (
        <div className="small row" style={{ marginTop: 4 }}>
          <span className="selectable">
            Certificate: {result.certificate.subject}, issued by {result.certificate.issuer}, SHA-256{' '}
            {result.certificate.sha256}
          </span>
          {onTrust && !result.ok ? (
            <button type="button" onClick={() => onTrust(result.certificate?.sha256 ?? '')}>
              Trust this certificate
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function FormButtons({
  onTest,
  testDisabled,
  onCancel,
  submitLabel,
  submitDisabled,
}: {
  onTest: () => void;
  testDisabled?: boolean;
  onCancel: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
}) {
  return (
    <div className="row">
      <button type="button" onClick={onTest} disabled={testDisabled}>
        Test connection
      </button>
      <span style={{ flex: 1 }} />
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={submitDisabled}>
        {submitLabel}
      </button>
    </div>
  );
}
