// Connection entries as stored in settings: user-edited JSON, checked before use. No vscode here.

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

