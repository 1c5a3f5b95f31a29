/**
 * The engine's logger: JSON lines to a sink, with secrets redacted.
 *
 * Sources register every secret they load with `redact.add`, so a secret that slips into an error
 * message is replaced before it reaches any sink.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface LogRecord {
  readonly level: LogLevel;
  readonly msg: string;
  readonly atMs: number;
  readonly [key: string]: unknown;
}
export type LogSink = (record: LogRecord) => void;

const secrets = new Set<string>();
export const redact = {
  add(secret: string | null | undefined): void {
    if (secret && secret.length >= 4) secrets.add(secret);
  },
  text(text: string): string {
    let out = text;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
    return out;
  },
};

let sink: LogSink = (r) => {
  if (r.level === 'debug' && !process.env.LULL_DEBUG) return;
  process.stderr.write(`${JSON.stringify(r)}\n`);
};
export function setLogSink(next: LogSink): void {
  sink = next;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return redact.text(value);
  if (value instanceof Error) return redact.text(`${value.name}: ${value.message}`);
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        /pass|secret|token|authorization/i.test(k) ? '[redacted]' : clean(v),
      ]),
    );
  }
  return value;
}

export function createLogger(base: Record<string, unknown> = {}): Logger {
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    sink({
      ...(clean({ ...base, ...fields }) as Record<string, unknown>),
      level,
      msg: redact.text(msg),
      atMs: Date.now(),
    });
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }),
  };
}
