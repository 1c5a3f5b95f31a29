/** Exhaustiveness check for switches over tagged unions: a new variant becomes a compile error here. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
