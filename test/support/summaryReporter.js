// Mocha's spec reporter, plus one line per run appended to $DCE_TEST_SUMMARY ("suite passed failed pending"),
// so scripts/test-all.sh can print one closing "N passed, N failed" line for every stage together.
const fs = require('node:fs');
const Mocha = require('mocha');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const file = process.env.DCE_TEST_SUMMARY;
      if (!file) return;
      const { passes, failures, pending } = this.stats;
      const label = (options && options.reporterOption && options.reporterOption.label) || process.env.DCE_TEST_STAGE || 'mocha';
      fs.appendFileSync(file, `${label} ${passes} ${failures} ${pending}\n`);
    });
  }
}

module.exports = SummaryReporter;
