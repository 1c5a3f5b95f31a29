import { migration as m0010 } from './0010-initial';
import { migration as m0020 } from './0020-stats';
import { migration as m0030 } from './0030-id-hash';
import { migration as m0040 } from './0040-alt-link';
import { migration as m0050 } from './0050-held-waiting';
import type { Migration } from './migration';

/** Every migration, oldest first. Append new files here; never edit or renumber a shipped one. */
export const MIGRATIONS: readonly Migration[] = [m0010, m0020, m0030, m0040, m0050];
