import type { SecretStore } from '../../electron/engine/secrets/secret-store';

/** For tests where the keychain is not the subject. Product code has no such store. */
export class MemorySecrets implements SecretStore {
  readonly entries = new Map<string, string>();
  get(id: string): Promise<string | null> {
    return Promise.resolve(this.entries.get(id) ?? null);
  }
  set(id: string, secret: string): Promise<void> {
    this.entries.set(id, secret);
    return Promise.resolve();
  }
  delete(id: string): Promise<void> {
    this.entries.delete(id);
    return Promise.resolve();
  }
}
