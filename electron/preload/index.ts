/**
 * Preload for every Lull window (sandboxed, context-isolated). Bundled to one CJS file by
 * scripts/build-electron.mjs, because a sandboxed preload can require only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildLullBridge } from './bridge';

contextBridge.exposeInMainWorld('lull', buildLullBridge(ipcRenderer));
