// Typed access to the extension's settings, read fresh each time.
import * as vscode from 'vscode';

/** A named connection as stored in settings. Tokens are never stored here (SecretStorage only). */
export interface ConnectionConfig {
  name: string;
  /** sc://host:port/;params… without a token. */
  url: string;
  /** PEM CA bundle for servers with a private CA. */
  caFile?: string;
  /** Client certificate and key for mutual TLS. */
  certFile?: string;
  keyFile?: string;
}

export const SECTION = 'deltaExplorer';

/** The settings this extension reads. */
export interface ExtensionSettings {
  connections: ConnectionConfig[];
  defaultConnection?: string;
  previewRowLimit: number;
  historyLimit: number;
  gridMemoryBudgetMB: number;
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
  };
}

/** Saves the connection list (user settings). */
export async function writeConnections(connections: ConnectionConfig[]): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update('connections', connections, vscode.ConfigurationTarget.Global);
}

/** Keeps only well-formed entries: settings are user-edited JSON. */
export function sanitizeConnections(value: unknown): ConnectionConfig[] {
  if (!Array.isArray(value)) return [];
  const seen = new Set<string>();
  const out: ConnectionConfig[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const { name, url, caFile, certFile, keyFile } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '' || typeof url !== 'string' || seen.has(name)) continue;
    seen.add(name);
    out.push({ name, url, caFile: str(caFile), certFile: str(certFile), keyFile: str(keyFile) });
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function clampInt(value: number | undefined, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}
