// The webviews' HTML shell: a strict CSP, one nonce'd script, one stylesheet, no data (it arrives later as
// messages). The grid's is shared by ResultGridPanel and the Chromium test harness, so tests run under the same
// policy; the Health panel's is the same shell.
import { randomBytes } from 'node:crypto';

/** Where the shell's assets come from (webview URIs in VS Code, test-server URLs in tests). */
export interface GridHtmlParts {
  /** webview.cspSource: the only origin scripts, styles, images and fonts may come from. */
  readonly cspSource: string;
  readonly nonce: string;
  /** URI of dist/media/grid.js. */
  readonly scriptUri: string;
  /** URI of media/grid/grid.css. */
  readonly styleUri: string;
}

/** A fresh script nonce (128 random bits, base64). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of the grid webview. */
export function gridCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The HTML document of one of our webviews: the strict CSP, one nonce'd script, one stylesheet and `body`, no data. */
export function webviewHtml(parts: GridHtmlParts, page: { readonly title: string; readonly body: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(gridCsp(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(parts.styleUri)}">
<title>${attr(page.title)}</title>
</head>
<body>
${page.body}
<script nonce="${attr(parts.nonce)}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>
`;
}

/** The HTML document of the grid webview. */
export function gridHtml(parts: GridHtmlParts): string {
  return webviewHtml(parts, { title: 'Result grid', body: '<div id="grid-app" class="grid-app"></div>' });
}
