/**
 * The OS keychain through keytar: service "Lull", one entry per account id.
 *
 * When no keychain can be reached (no D-Bus session, no Secret Service, a locked or missing
 * collection) every call throws SecretStoreUnavailableError with the reason. There is no plain-text
 * fallback: a secret that cannot go to the keychain is not stored at all.
 */
import type * as KeytarModule from 'keytar';
import { SecretStoreUnavailableError, type SecretStore } from './secret-store';
import { redact } from '../log';

export const KEYCHAIN_SERVICE = 'Lull';
const CALL_TIMEOUT_MS = 15_000;

type Keytar = typeof KeytarModule;

let loaded: Promise<Keytar> | null = null;
function loadKeytar(): Promise<Keytar> {
  loaded ??= import('keytar').then((m) => (m as { default?: Keytar }).default ?? m);
  return loaded;
}

function describe(error: unknown): string {
  const msg = error instanceof Error ? error.message : String(error);
  return redact.text(msg).slice(0, 300);
}

export class KeytarSecretStore implements SecretStore {
  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  private async call<T>(what: string, fn: (k: Keytar) => Promise<T>): Promise<T> {
    let keytar: Keytar;
    try {
      keytar = await loadKeytar();
    } catch (error) {
      throw new SecretStoreUnavailableError(`the keychain library could not be loaded (${describe(error)})`);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        fn(keytar),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer from the Secret Service within ${CALL_TIMEOUT_MS / 1000} s`)),
            CALL_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      throw new SecretStoreUnavailableError(`${what} failed: ${describe(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async get(accountId: string): Promise<string | null> {
    const secret = await this.call('reading the secret', (k) => k.getPassword(this.service, accountId));
    redact.add(secret);
    return secret;
  }

  async set(accountId: string, secret: string): Promise<void> {
    redact.add(secret);
    await this.call('storing the secret', (k) => k.setPassword(this.service, accountId, secret));
  }

  async delete(accountId: string): Promise<void> {
    await this.call('deleting the secret', (k) => k.deletePassword(this.service, accountId));
  }
}

/** For tests and the bench only, where the keychain is not the subject. Never used by the app. */
export class MemorySecretStore implements SecretStore {
  private readonly map = new Map<string, string>();
  get(accountId: string): Promise<string | null> {
    return Promise.resolve(this.map.get(accountId) ?? null);
  }
  set(accountId: string, secret: string): Promise<void> {
    redact.add(secret);
    this.map.set(accountId, secret);
    return Promise.resolve();
  }
  delete(accountId: string): Promise<void> {
    this.map.delete(accountId);
    return Promise.resolve();
  }
}
