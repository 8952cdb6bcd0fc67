// Typed access to the extension's settings, read fresh each time.
import * as vscode from 'vscode';
import type { LocalServerSettings } from '../localServer/plan';
import type { DeltaDialectSetting, RetryPolicyOverrides } from '../client';
import { sanitizeConnections, type ConnectionConfig } from './connectionConfig';

export type { ConnectionConfig };

export const SECTION = 'deltaExplorer';

/** The settings this extension reads. */
export interface ExtensionSettings {
  connections: ConnectionConfig[];
  defaultConnection?: string;
  previewRowLimit: number;
  historyLimit: number;
  gridMemoryBudgetMB: number;
  /** Where a new result opens: in place of the most recent unpinned result tab, or in a new tab. */
  resultsOpenIn: 'replace' | 'newTab';
  localServer: LocalServerSettings;
  /** How Delta operations are sent: found out per session, or forced. */
  deltaDialect: DeltaDialectSetting;
  /** In .sql files a blank line ends a statement (as a semicolon does). */
  blankLinesSeparateStatements: boolean;
  /** Numbers of the retry policy that replace pyspark's defaults (validated by the client's retryPolicyWith). */
  retryPolicy: RetryPolicyOverrides;
}

/** Reads the current settings. */
export function readSettings(): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    connections: sanitizeConnections(c.get<unknown>('connections')),
    defaultConnection: c.get<string>('defaultConnection') || undefined,
    previewRowLimit: clampInt(c.get<number>('previewRowLimit'), 1000, 1, 100_000_000),
    historyLimit: clampInt(c.get<number>('historyLimit'), 100, 1, 100_000),
    gridMemoryBudgetMB: clampInt(c.get<number>('gridMemoryBudgetMB'), 512, 16, 65_536),
    resultsOpenIn: oneOf(c.get<string>('results.openIn'), ['replace', 'newTab'] as const, 'replace'),
    localServer: {
      javaHome: c.get<string>('localServer.javaHome') || undefined,
      sparkHome: c.get<string>('localServer.sparkHome') || undefined,
      pythonPath: c.get<string>('localServer.pythonPath') || undefined,
    },
    deltaDialect: oneOf(c.get<string>('deltaDialect'), ['auto', 'deltaConnect', 'sql'] as const, 'auto'),
    retryPolicy: { ...(c.get<RetryPolicyOverrides>('retryPolicy') ?? {}) },
    blankLinesSeparateStatements: c.get<boolean>('sql.blankLinesSeparateStatements') !== false,
  };
}

/** Saves the connection list (user settings). */
export async function writeConnections(connections: ConnectionConfig[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('connections', connections, vscode.ConfigurationTarget.Global);
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
