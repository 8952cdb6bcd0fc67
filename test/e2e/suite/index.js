// Test runner loaded by code-server's Node.js extension host (the workbench URL payload's extensionTestsPath, see
// test/e2e/run.mjs). Exports run(): its promise resolving/rejecting makes the extension host exit 0/1, which the
// workbench reports to the page through window.codeAutomationExit.
//
// Env (set by run.mjs on code-server, inherited by the extension host):
//   EXT_TEST_OUTPUT   file the formatted mocha output is appended to (run.mjs streams it)
//   EXT_TEST_RESULTS  JSON results file; run.mjs counts a run as passed only when it exists
//   DCE_E2E_GREP      only tests whose full title matches
const fs = require('fs');
const path = require('path');
const util = require('util');
const Mocha = require('mocha');

exports.run = function run() {
  // VS Code forwards the extension host's console to the browser unformatted (printf args as separate
  // values): format here and tee into EXT_TEST_OUTPUT.
  const outFile = process.env.EXT_TEST_OUTPUT;
  const origLog = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = (...args) => {
    const line = util.format(...args).replace(/\x1b\[[0-9;]*m/g, ''); // mocha colours under CI=true even with color:false
    if (outFile) fs.appendFileSync(outFile, line + '\n');
    origLog(line);
  };
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec', grep: process.env.DCE_E2E_GREP || undefined });
  for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, f));
  const resultsFile = process.env.EXT_TEST_RESULTS;
  return new Promise((resolve, reject) => {
    const tests = [];
    let runner;
    try {
      runner = mocha.run((failures) => {
        const s = runner.stats || {};
        if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passes: s.passes, failures: s.failures, pending: s.pending, tests }, null, 1));
        if (failures > 0) reject(new Error(`${failures} test(s) failed.`)); else resolve();
      });
    } catch (err) {
      reject(err);
      return;
    }
    const record = (state) => (test, err) => tests.push({ title: test.fullTitle(), state, ms: test.duration, error: err ? String(err.stack || err).slice(0, 2000) : undefined });
    runner.on('pass', record('passed'));
    runner.on('fail', record('failed'));
    runner.on('pending', record('skipped'));
  });
};
