// One log channel for the whole extension. Secrets never reach it.
import * as vscode from 'vscode';

const secrets = new Set<string>();

/** Registers a value (a token) that must never appear in the log. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Removes registered secrets and `token=` parameters from text. */
export function scrub(text: string): string {
  let out = text.replace(/(token=)[^;\s'"]*/gi, '$1***').replace(/(authorization:?\s*bearer\s+)\S+/gi, '$1***');
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

/** The extension's logger. */
export class Logger implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Delta Connect') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  info(message: string): void {
    this.channel.info(scrub(message));
  }

  warn(message: string): void {
    this.channel.warn(scrub(message));
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : err === undefined ? '' : String(err);
    this.channel.error(scrub(detail ? `${message}: ${detail}` : message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
