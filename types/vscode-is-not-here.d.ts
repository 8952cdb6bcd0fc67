// Stands in for vscode's typings in the projects whose code runs without VS Code (tsconfig.node.json,
// tsconfig.webview.json map 'vscode' here): an import of 'vscode' there fails with "... is not a module".
declare const vscodeIsNotAvailableInThisRuntime: never;
