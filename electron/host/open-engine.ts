/**
 * Opens the real engine for the browser host at a data directory, with the OS keychain. Without a
 * keychain, accounts that need a secret fail with the keychain's own clear error (never plain text).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../engine/engine';
import { KeytarSecretStore } from '../engine/secrets/keytar-store';
import type { SecretStore } from '../engine/secrets/secret-store';

export async function openEngineAt(dataDir: string, secrets?: SecretStore): Promise<Engine> {
  mkdirSync(dataDir, { recursive: true });
  return Engine.open({ dbPath: join(dataDir, 'lull.db'), secrets: secrets ?? new KeytarSecretStore() });
}
