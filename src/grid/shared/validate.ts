// The checks every webview message validator is built from (the grid's protocol.ts, the Health view's
// healthProtocol.ts): plain type tests on unknown values, shared by the host and the webviews.

/** A message's or a model's fields, as received. */
export type Fields = Readonly<Record<string, unknown>>;

export function isObject(x: unknown): x is Fields {
  return typeof x === 'object' && x !== null;
}

export function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

/** A count that may be approximate or above 2^53 (profile figures): any finite non-negative number. */
export function isAmount(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

export function isOneOf<T extends string>(x: unknown, values: readonly string[]): x is T {
  return typeof x === 'string' && values.includes(x);
}

export function isOptional<T>(x: unknown, check: (v: unknown) => v is T): x is T | undefined {
  return x === undefined || check(x);
}

export const isString = (x: unknown): x is string => typeof x === 'string';
export const isBoolean = (x: unknown): x is boolean => typeof x === 'boolean';

export function isArrayOf<T>(x: unknown, check: (v: unknown) => boolean): x is T[] {
  return Array.isArray(x) && x.every(check);
}
