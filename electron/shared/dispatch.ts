/**
 * One entry point for both transports (IPC and WebSocket): check the command name, validate the input
 * against the contract, call the API, and validate what goes back.
 */
import type { CommandName, LullApi, WireError } from './contract';
import { commands } from './contract';
import { parseUnknown, ValidationError } from './validate';

export class UnknownCommandError extends Error {
  readonly code = 'EUNKNOWNCOMMAND';
  constructor(name: unknown) {
    super(`Unknown command: ${String(name).slice(0, 100)}`);
    this.name = 'UnknownCommandError';
  }
}

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

/** Validates `payload` for command `name`, runs it on `api`, and validates the result. */
export async function dispatch(api: LullApi, name: unknown, payload: unknown): Promise<unknown> {
  if (!isCommandName(name)) throw new UnknownCommandError(name);
  const spec = commands[name];
  const input = parseUnknown(spec.input, payload ?? {}, `${name} input`) as never;
  const handler = api[name] as (input: never) => Promise<unknown>;
  const output = await handler(input);
  return parseUnknown(spec.output, output, `${name} output`);
}

/** An error as it may cross a transport: no stack, no secrets, field problems kept. */
export function toWireError(error: unknown): WireError {
  if (error instanceof ValidationError) {
    return { code: error.code, message: error.message, problems: [...error.problems] };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : 'EERROR', message: error.message, problems: [] };
  }
  return { code: 'EERROR', message: String(error), problems: [] };
}

/** Turns a wire error back into an Error on the UI side. */
export class LullError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'LullError';
  }
}
