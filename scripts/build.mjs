// Bundles the extension host code and the webview code with esbuild.
//   node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** @type {esbuild.BuildOptions[]} */
const targets = [
  {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    entryPoints: ['media/grid/main.ts'],
    outfile: 'dist/media/grid.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
  {
    entryPoints: ['media/health/main.ts'],
    outfile: 'dist/media/health.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  },
];

const common = { bundle: true, sourcemap: true, minify, logLevel: 'warning' };
// A target whose entry point does not exist yet is skipped, so parts can land one at a time.
const existing = targets.filter((t) => t.entryPoints.every((e) => existsSync(e)));

if (watch) {
  for (const t of existing) (await esbuild.context({ ...common, ...t })).watch();
} else {
  await Promise.all(existing.map((t) => esbuild.build({ ...common, ...t })));
}
