/**
 * Where account secrets live. The only implementation shipped is the OS keychain (keytar); tests use
 * the same keychain through a private Secret Service. There is no plain-text fallback, on purpose.
 */
export interface SecretStore {
  /** Throws SecretStoreUnavailableError when no keychain exists. */
  get(accountId: string): Promise<string | null>;
  set(accountId: string, secret: string): Promise<void>;
  delete(accountId: string): Promise<void>;
}

export class SecretStoreUnavailableError extends Error {
  readonly code = 'ENOKEYCHAIN';
  constructor(detail: string) {
    super(
      `No OS keychain is available, so Lull will not store this secret (it never stores secrets in plain text): ${detail}`,
    );
    this.name = 'SecretStoreUnavailableError';
  }
}
