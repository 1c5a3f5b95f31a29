/**
 * Where the engine runs, behind one interface the shell talks to.
 *
 * Lull hosts the engine in the main process today. The issue prefers a utilityProcess unless a
 * measurement shows in-process is as good; that measurement needs the Electron binary, which this
 * build machine does not have, so it has not been made. In-process was chosen because the engine is
 * async and I/O-bound (IMAP and chat sockets are non-blocking; SQLite calls are sub-millisecond and
 * coalesced), and it avoids a second Node process with its own heap against the 150 MB idle budget
 * (an expectation, not a measurement).
 * bench/suites/shell.ts measures tray latency and RSS where the binary exists; a utilityProcess
 * host only has to implement this interface (MessagePort carrying dispatch() calls and events).
 */
import type { EventListener, LullApi } from '../../shared/contract';

export interface EngineLike {
  readonly api: LullApi;
  on(listener: EventListener): () => void;
  wake(): Promise<void> | void;
  /** Waits for in-flight store writes and closes source connections politely. */
  close(): Promise<void>;
}

export interface EngineHost extends EngineLike {
  readonly kind: 'in-process' | 'utility-process';
}

/** The engine in this process. */
export async function openInProcessHost(open: () => Promise<EngineLike>): Promise<EngineHost> {
  const engine = await open();
  let closing: Promise<void> | null = null;
  return {
    kind: 'in-process',
    api: engine.api,
    on: (listener) => engine.on(listener),
    wake: () => engine.wake(),
    close: () => (closing ??= engine.close()),
  };
}
