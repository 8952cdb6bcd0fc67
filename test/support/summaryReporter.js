// Mocha's spec reporter, plus one line per run appended to $DCE_TEST_SUMMARY ("suite passed failed pending"),
// so scripts/test-all.sh can print one closing "N passed, N failed" line for every stage together, and one line per
// failed test to $DCE_TEST_SUMMARY.failed ("stage: full title: first line of the error"), which it prints at the very
// end: a long run's log is often read from its tail only.
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.DCE_TEST_SUMMARY;
    const label = (options && options.reporterOption && options.reporterOption.label) || process.env.DCE_TEST_STAGE || 'mocha';
    runner.on('fail', (test, err) => {
      if (!file) return;
      const first = String((err && err.message) || err).split('\n').find((l) => l.trim() !== '') || '';
      fs.appendFileSync(`${file}.failed`, `${label}: ${test.fullTitle()}: ${first.slice(0, 300)}\n`);
    });
    runner.once('end', () => {
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      fs.appendFileSync(file, `${label} ${passes} ${failures} ${pending}\n`);
    });
  }
}

module.exports = SummaryReporter;
