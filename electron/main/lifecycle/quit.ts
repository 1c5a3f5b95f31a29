/**
 * A clean quit: the first `before-quit` is held back until the engine has finished its in-flight
 * store writes and closed its connections, then the app quits for real. A close that hangs is
 * cut off after `timeoutMs` so Quit always works.
 */
export interface QuitEvent {
  preventDefault(): void;
}

export interface QuitDeps {
  readonly closeEngine: () => Promise<void>;
  readonly quit: () => void;
  readonly timeoutMs?: number;
  readonly onTimeout?: () => void;
  readonly onError?: (error: unknown) => void;
}

/** Returns the `before-quit` listener. */
export function createQuitHandler(deps: QuitDeps): (event: QuitEvent) => void {
  let phase: 'running' | 'closing' | 'closed' = 'running';
  return (event) => {
    if (phase === 'closed') return;
    event.preventDefault();
    if (phase === 'closing') return;
    phase = 'closing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), deps.timeoutMs ?? 5_000);
    });
    void Promise.race([deps.closeEngine().then(() => 'closed' as const), timeout])
      .then((r) => {
        if (r === 'timeout') deps.onTimeout?.();
      })
      .catch((error: unknown) => deps.onError?.(error))
      .finally(() => {
        clearTimeout(timer);
        phase = 'closed';
        deps.quit();
      });
  };
}
