// Secrets out of log text. No vscode here, so the rules are tested without an editor.

const secrets = new Set<string>();

/** Registers a value (a token) that must never appear in the log. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Removes registered secrets, `token=` parameters and bearer credentials from text. */
export function scrub(text: string): string {
  let out = text.replace(/(token=)[^;\s'"&]*/gi, '$1***').replace(/(authorization:?\s*bearer\s+)\S+/gi, '$1***');
  for (const s of secrets) {
    out = out.split(s).join('***');
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join('***');
  }
  return out;
}

/** The text of one error log line: the message, the error's message and stack, scrubbed. */
export function errorLogText(message: string, err?: unknown): string {
  const detail = err instanceof Error ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : err === undefined ? '' : String(err);
  return scrub(detail ? `${message}: ${detail}` : message);
}
