// Which connection a window runs on when a command names none: one rule, used by Run, the status bar and completion.

/** What the rule looks at: the connections and their state, and the choices made. */
export interface ActiveChoiceInput {
  /** The connections, in settings order, with their state. */
  readonly connections: ReadonlyArray<{ readonly name: string; readonly status: string }>;
  /** Picked in this window (status bar, or the pick of a Run). */
  readonly chosen?: string;
  /** The deltaExplorer.defaultConnection setting. */
  readonly defaultName?: string;
  /** The connection that last connected successfully in this window. */
  readonly lastConnected?: string;
}

/**
 * The active connection: the one chosen in this window, else the configured default, else the only one, else the
 * last one that connected. Undefined when none of these is known: then Run asks once, and the answer is the choice.
 * A connection that failed is only ever active because someone chose it (or named it the default): it never
 * becomes active by failing, and the last-connected fallback skips it.
 */
export function activeConnection(input: ActiveChoiceInput): string | undefined {
  const exists = (name: string | undefined) => name !== undefined && input.connections.some((c) => c.name === name);
  if (exists(input.chosen)) return input.chosen;
  if (exists(input.defaultName)) return input.defaultName;
  if (input.connections.length === 1) return input.connections[0].name;
  const last = input.connections.find((c) => c.name === input.lastConnected);
  return last && last.status === 'connected' ? last.name : undefined;
}
