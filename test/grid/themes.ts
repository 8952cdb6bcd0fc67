// VS Code theme variables as the workbench sets them on a webview's <html> (a subset of the Modern themes),
// plus the body class VS Code adds. Enough to see the grid in light, dark and high-contrast.

/** A theme the harness can apply. */
export type ThemeName = 'light' | 'dark' | 'high-contrast';

const COMMON: Record<string, string> = {
  '--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
  '--vscode-font-size': '13px',
  '--vscode-editor-font-family': '"Droid Sans Mono", "DejaVu Sans Mono", monospace',
  '--vscode-editor-font-size': '13px',
};

/** Theme variables by theme. */
export const THEMES: Record<ThemeName, { bodyClass: string; vars: Record<string, string> }> = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1f1f1f', '--vscode-editor-foreground': '#cccccc',
      '--vscode-panel-border': '#2b2b2b', '--vscode-editorGroupHeader-tabsBackground': '#181818',
      '--vscode-tree-tableColumnsBorder': 'rgba(204, 204, 204, 0.125)',
      '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-inactiveSelectionBackground': '#37373d',
      '--vscode-editor-selectionBackground': '#264f78', '--vscode-focusBorder': '#0078d4',
      '--vscode-descriptionForeground': '#9d9d9d', '--vscode-disabledForeground': 'rgba(204, 204, 204, 0.5)',
      '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-editorLineNumber-activeForeground': '#cccccc',
      '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#026ec1',
      '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#3c3c3c', '--vscode-button-border': 'rgba(255, 255, 255, 0.07)',
      '--vscode-input-background': '#313131', '--vscode-input-foreground': '#cccccc', '--vscode-input-border': '#3c3c3c',
      '--vscode-input-placeholderForeground': '#989898',
      '--vscode-editorWidget-background': '#202020', '--vscode-editorWidget-border': '#454545', '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.36)',
      '--vscode-errorForeground': '#f85149', '--vscode-textLink-foreground': '#4daafc', '--vscode-progressBar-background': '#0078d4',
      '--vscode-debugTokenExpression-number': '#b5cea8', '--vscode-debugTokenExpression-string': '#ce9178',
      '--vscode-debugTokenExpression-boolean': '#4e94ce', '--vscode-debugTokenExpression-name': '#c586c0',
      '--vscode-debugTokenExpression-value': 'rgba(204, 204, 204, 0.8)',
      '--vscode-menu-background': '#1f1f1f', '--vscode-menu-foreground': '#cccccc', '--vscode-menu-border': '#454545',
      '--vscode-menu-selectionBackground': '#0078d4', '--vscode-menu-selectionForeground': '#ffffff', '--vscode-menu-separatorBackground': '#454545',
      '--vscode-sash-hoverBorder': '#0078d4',
      '--vscode-charts-foreground': '#cccccc', '--vscode-charts-lines': 'rgba(204, 204, 204, 0.5)', '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#cca700', '--vscode-charts-purple': '#b180d7', '--vscode-charts-orange': '#d18616',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b',
      '--vscode-panel-border': '#e5e5e5', '--vscode-editorGroupHeader-tabsBackground': '#f8f8f8',
      '--vscode-tree-tableColumnsBorder': 'rgba(97, 97, 97, 0.125)',
      '--vscode-list-hoverBackground': '#f2f2f2', '--vscode-list-inactiveSelectionBackground': '#e4e6f1',
      '--vscode-editor-selectionBackground': '#add6ff', '--vscode-focusBorder': '#005fb8',
      '--vscode-descriptionForeground': '#717171', '--vscode-disabledForeground': 'rgba(97, 97, 97, 0.5)',
      '--vscode-editorLineNumber-foreground': '#6e7681', '--vscode-editorLineNumber-activeForeground': '#171184',
      '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-button-hoverBackground': '#0258a8',
      '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#3b3b3b',
      '--vscode-button-secondaryHoverBackground': '#cccccc', '--vscode-button-border': 'rgba(0, 0, 0, 0.1)',
      '--vscode-input-background': '#ffffff', '--vscode-input-foreground': '#3b3b3b', '--vscode-input-border': '#cecece',
      '--vscode-input-placeholderForeground': '#767676',
      '--vscode-editorWidget-background': '#f8f8f8', '--vscode-editorWidget-border': '#c8c8c8', '--vscode-widget-shadow': 'rgba(0, 0, 0, 0.16)',
      '--vscode-errorForeground': '#e51400', '--vscode-textLink-foreground': '#005fb8', '--vscode-progressBar-background': '#005fb8',
      '--vscode-debugTokenExpression-number': '#098658', '--vscode-debugTokenExpression-string': '#a31515',
      '--vscode-debugTokenExpression-boolean': '#0000ff', '--vscode-debugTokenExpression-name': '#9b46b0',
      '--vscode-debugTokenExpression-value': 'rgba(108, 108, 108, 0.8)',
      '--vscode-menu-background': '#ffffff', '--vscode-menu-foreground': '#3b3b3b', '--vscode-menu-border': '#cecece',
      '--vscode-menu-selectionBackground': '#005fb8', '--vscode-menu-selectionForeground': '#ffffff', '--vscode-menu-separatorBackground': '#d4d4d4',
      '--vscode-sash-hoverBorder': '#005fb8',
      '--vscode-charts-foreground': '#3b3b3b', '--vscode-charts-lines': 'rgba(59, 59, 59, 0.5)', '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-yellow': '#bf8803', '--vscode-charts-purple': '#652d90', '--vscode-charts-orange': '#d18616',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-editor-background': '#000000', '--vscode-editor-foreground': '#ffffff', '--vscode-contrastBorder': '#6fc3df',
      '--vscode-contrastActiveBorder': '#f38518',
      '--vscode-panel-border': '#6fc3df', '--vscode-editorGroupHeader-tabsBackground': '#000000',
      '--vscode-tree-tableColumnsBorder': '#6fc3df',
      '--vscode-editor-selectionBackground': '#ffffff', '--vscode-editor-selectionForeground': '#000000', '--vscode-focusBorder': '#f38518',
      '--vscode-descriptionForeground': 'rgba(255, 255, 255, 0.7)', '--vscode-disabledForeground': '#a5a5a5',
      '--vscode-editorLineNumber-foreground': '#ffffff', '--vscode-editorLineNumber-activeForeground': '#f38518',
      '--vscode-button-background': '#000000', '--vscode-button-foreground': '#ffffff', '--vscode-button-border': '#6fc3df',
      '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-input-background': '#000000', '--vscode-input-foreground': '#ffffff', '--vscode-input-border': '#6fc3df',
      '--vscode-editorWidget-background': '#0c141f', '--vscode-editorWidget-border': '#6fc3df',
      '--vscode-errorForeground': '#f48771', '--vscode-textLink-foreground': '#21a6ff',
      '--vscode-debugTokenExpression-number': '#b5cea8', '--vscode-debugTokenExpression-string': '#ce9178',
      '--vscode-debugTokenExpression-boolean': '#4e94ce', '--vscode-debugTokenExpression-name': '#ffffff',
      '--vscode-menu-background': '#000000', '--vscode-menu-foreground': '#ffffff', '--vscode-menu-border': '#6fc3df',
      '--vscode-menu-selectionBackground': '#000000', '--vscode-menu-selectionForeground': '#f38518',
      '--vscode-charts-foreground': '#ffffff', '--vscode-charts-lines': 'rgba(255, 255, 255, 0.5)', '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-yellow': '#ffd700', '--vscode-charts-purple': '#b180d7', '--vscode-charts-orange': '#ff8c00',
    },
  },
};

/** All variables of a theme, fonts included. */
export function themeVars(name: ThemeName): Record<string, string> {
  return { ...COMMON, ...THEMES[name].vars };
}

/** A theme colour (#rrggbb) as the browser reports a computed style. */
export function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}
