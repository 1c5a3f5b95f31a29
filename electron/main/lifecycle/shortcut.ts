/**
 * The global shortcut toggles focus: on when off (for the shortest preset), off when on.
 */
import type { CommandInput } from '../../shared/contract';
import type { EngineState } from '../tray/tray-model';

export const SHORTCUT_FOCUS_MINUTES = 25;

export type ShortcutCommand =
  | { readonly name: 'startFocus'; readonly input: CommandInput<'startFocus'> }
  | { readonly name: 'endFocus'; readonly input: Record<string, never> };

export function shortcutToggleCommand(state: EngineState): ShortcutCommand {
  return state.focus.on
    ? { name: 'endFocus', input: {} }
    : { name: 'startFocus', input: { minutes: SHORTCUT_FOCUS_MINUTES } };
}

export interface ShortcutRegistry {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/**
 * Keeps one global shortcut registered as the setting changes. Returns what happened, so a taken or
 * malformed accelerator is reported instead of failing silently.
 */
export function createShortcutBinder(registry: ShortcutRegistry, onPress: () => void) {
  let current = '';
  return {
    bind(accelerator: string): {
      readonly status: 'unchanged' | 'bound' | 'cleared' | 'failed';
      readonly reason?: string;
    } {
      const next = accelerator.trim();
      if (next === current) return { status: 'unchanged' };
      if (current) registry.unregister(current);
      current = '';
      if (!next) return { status: 'cleared' };
      let ok: boolean;
      try {
        ok = registry.register(next, onPress);
      } catch (error) {
        return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
      if (!ok) return { status: 'failed', reason: 'taken by another application' };
      current = next;
      return { status: 'bound' };
    },
    current: (): string => current,
  };
}
