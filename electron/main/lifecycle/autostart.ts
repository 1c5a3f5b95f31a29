/**
 * Start at login. macOS and Windows use app.setLoginItemSettings; Linux has no such API, so Lull
 * writes an XDG autostart entry ($XDG_CONFIG_HOME/autostart/lull.desktop).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';

export const AUTOSTART_FILE_NAME = 'lull.desktop';
/** Passed on login launches so Lull starts in the tray without opening a window. */
export const HIDDEN_ARG = '--hidden';

/** Quotes one Exec argument as the Desktop Entry spec asks; `%` is doubled because it starts field codes. */
export function quoteExecArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped) && escaped !== '') return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

export interface DesktopEntryInput {
  /** The executable: $APPIMAGE for an AppImage (its mount path changes per run), else process.execPath. */
  readonly exec: string;
  readonly args?: readonly string[];
}

export function xdgAutostartEntry(input: DesktopEntryInput): string {
  const exec = [input.exec, ...(input.args ?? [HIDDEN_ARG])].map(quoteExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Lull',
    'Comment=Holds notifications during focus and releases them in batches',
    `Exec=${exec}`,
    'Icon=lull',
    'Terminal=false',
    'Categories=Utility;',
    'X-GNOME-Autostart-enabled=true',
    'X-GNOME-Autostart-Delay=5',
    '',
  ].join('\n');
}

/** $XDG_CONFIG_HOME/autostart/lull.desktop, falling back to ~/.config when unset or relative. */
export function xdgAutostartPath(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const base =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homeDir, '.config');
  return join(base, 'autostart', AUTOSTART_FILE_NAME);
}

/** Creates or removes the autostart file. */
export async function writeXdgAutostart(
  enabled: boolean,
  path: string,
  entry: DesktopEntryInput,
): Promise<void> {
  if (!enabled) {
    await rm(path, { force: true });
    return;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, xdgAutostartEntry(entry), { mode: 0o644 });
}

export interface LoginItemDeps {
  readonly platform: NodeJS.Platform;
  readonly setLoginItemSettings: (settings: { openAtLogin: boolean; args?: string[] }) => void;
  readonly writeXdg: (enabled: boolean) => Promise<void>;
}

/** Applies the "start at login" setting the way each OS wants it. */
export async function applyStartAtLogin(enabled: boolean, deps: LoginItemDeps): Promise<void> {
  if (deps.platform === 'linux') {
    await deps.writeXdg(enabled);
    return;
  }
  deps.setLoginItemSettings(
    deps.platform === 'win32' ? { openAtLogin: enabled, args: [HIDDEN_ARG] } : { openAtLogin: enabled },
  );
}
