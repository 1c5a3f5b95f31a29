/**
 * The only place the shell imports Electron's ipcMain (lint bans it elsewhere).
 */
import { ipcMain } from 'electron';
import type { RegisterIpcDeps } from './register-ipc';
import { registerIpc } from './register-ipc';

export function registerElectronIpc(deps: Omit<RegisterIpcDeps, 'ipcMain'>): () => void {
  return registerIpc({ ...deps, ipcMain });
}
