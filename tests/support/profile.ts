import { join } from 'node:path';
import { defaultSettings } from '../../electron/core/defaults';
import { openStore } from '../../electron/engine/store/store';
import { withoutFocusBlocks } from './factories';

/**
 * A fresh profile gets the default weekday focus blocks, so what the tray shows at start would
 * depend on the time of day. This seeds a profile (LULL_DATA_DIR) whose settings have none.
 */
export function seedProfileWithoutBlocks(dataDir: string, timeZone = 'UTC'): void {
  const store = openStore(join(dataDir, 'lull.db'));
  try {
    store.setSettings(withoutFocusBlocks(defaultSettings(timeZone)));
  } finally {
    store.close();
  }
}
