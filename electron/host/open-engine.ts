/**
 * Opens the real engine for the browser host at a data directory, with the OS keychain when one is
 * available. Without a keychain, accounts that need a secret fail with the keychain's own clear error.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import type { SecretStore } from '../engine/secrets/secret-store';
import { SecretStoreUnavailableError } from '../engine/secrets/secret-store';

/** A store that refuses: Lull never keeps secrets in plain text. */
export const noKeychain: SecretStore = {
  get: () =>
    Promise.reject(new SecretStoreUnavailableError('no keychain module is loaded in the browser host')),
  set: () =>
    Promise.reject(new SecretStoreUnavailableError('no keychain module is loaded in the browser host')),
  delete: () => Promise.resolve(),
};

async function osKeychain(): Promise<SecretStore> {
  // The keychain adapter is another module's file; load it only if it exists so the host still starts.
  const candidates = ['../engine/secrets/keytar-store', '../engine/secrets/keychain'];
  for (const path of candidates) {
    try {
      const mod = (await import(path)) as Record<string, unknown>;
      for (const value of Object.values(mod)) {
        if (typeof value === 'function' && /^(create|open)/.test(value.name)) {
          const made = (await (value as () => unknown)()) as SecretStore;
          if (made && typeof made.get === 'function') return made;
        }
      }
    } catch {
      // try the next one
    }
  }
  return noKeychain;
}

export async function openEngineAt(dataDir: string, secrets?: SecretStore): Promise<Engine> {
  mkdirSync(dataDir, { recursive: true });
  return Engine.open({ dbPath: join(dataDir, 'lull.db'), secrets: secrets ?? (await osKeychain()) });
}
