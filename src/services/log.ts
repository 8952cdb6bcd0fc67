// One log channel for the whole extension. Secrets never reach it.
import * as vscode from 'vscode';
import { errorLogText, scrub } from './redact';

export { registerSecret, scrub } from './redact';

/** The extension's logger. */
export class Logger implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(name = 'Delta Connect') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Shown only when the channel's level is Trace (Developer: Set Log Level…): every RPC, by kind and id. */
  trace(message: string): void {
    this.channel.trace(scrub(message));
  }

  info(message: string): void {
    this.channel.info(scrub(message));
  }

  warn(message: string): void {
    this.channel.warn(scrub(message));
  }

  error(message: string, err?: unknown): void {
    this.channel.error(errorLogText(message, err));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
