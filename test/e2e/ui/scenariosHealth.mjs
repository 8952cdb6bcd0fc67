// UI scenario for Table Health: the panel of a table with small files, two partitions and a deletion vector
// (../lib/fixtureSpec.cjs: OPS.hlt), its file-size histogram and partition skew, a finding's fix up to its confirm
// dialog (Cancel writes nothing), then the fix applied: the panel computes its figures again by itself and the
// deletion-vector finding is gone (the fixture is made afresh for each run).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { expandToTable } from './treePath.mjs';

const require = createRequire(import.meta.url);
const { OPS_SCHEMA, OPS, CATALOG } = require('../lib/fixtureSpec.cjs');
const re = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What the Health panel shows: bars of both charts, findings with their fix buttons, the source line. */
async function readHealth(d) {
  const frame = d.webview();
  await d.step('the Health panel', () => frame.locator('.health-histogram').first().waitFor({ timeout: 90_000 }));
  return frame.locator('#health-app').evaluate((app) => ({
    meta: app.querySelector('.health-meta')?.textContent ?? '',
    status: app.querySelector('.health-status')?.textContent ?? '',
    histogram: [...app.querySelectorAll('.health-histogram .health-bar-row')].map((r) => ({ label: r.querySelector('.health-bar-label').textContent, value: Number(r.dataset.value), small: r.classList.contains('highlight') })),
    skew: [...app.querySelectorAll('.health-skew .health-bar-row')].map((r) => r.querySelector('.health-bar-label').textContent),
    findings: [...app.querySelectorAll('.health-finding')].map((f) => ({ message: f.querySelector('.health-message').textContent, fix: f.querySelector('.health-fix')?.textContent })),
    groups: [...app.querySelectorAll('.health-group .health-section-title')].map((h) => h.textContent),
  }));
}

export const healthScenarios = [
  {
    slug: 'table-health',
    name: `Table Health from the tree on ${OPS_SCHEMA}.${OPS.hlt.name}: its panel shows the file-size histogram (small files marked), partition skew and the deletion-vector finding; its REORG fix asks first (Cancel writes nothing); applied, the panel computes its figures again by itself and the deletion-vector finding is gone`,
    timeoutMs: 300_000,
    async run(d) {
      const t = OPS.hlt;
      const label = `${CATALOG}.${OPS_SCHEMA}.${t.name}`;
      await expandToTable(d, OPS_SCHEMA, t.name);
      await d.treeItemContextMenu(t.name, 'Table Health', { level: 4 });
      await d.waitForActiveTab(`Health: ${label}`, { timeoutMs: 120_000 });
      const h = await readHealth(d);
      await d.screenshot('health-panel');
      assert.match(h.meta, /Files from: file scan \(_metadata\)/, 'a partitioned table is scanned');
      assert.equal(h.histogram.length, 6, JSON.stringify(h.histogram));
      // 1 file of the first write + 8 to 16 of the second (8 tasks, two partitions), all far below a quarter of 128 MiB
      const files = h.histogram[0].value;
      assert.ok(files >= 9 && files <= 17, JSON.stringify(h.histogram));
      assert.deepEqual(h.histogram.slice(1).map((b) => b.value), [0, 0, 0, 0, 0], JSON.stringify(h.histogram));
      assert.ok(h.histogram[0].small && !h.histogram.slice(1).some((b) => b.small), 'the small-file bucket is marked');
      assert.deepEqual(h.skew, ['city=Lisbon', 'city=Oslo'], 'partitions largest first');
      const small = h.findings.find((f) => f.message.startsWith(`${files} of ${files} files (100%) are smaller than a quarter`));
      assert.ok(small && /^OPTIMIZE/.test(small.fix), JSON.stringify(h.findings));
      const dv = h.findings.find((f) => /deletion vectors? (is|are) in use/.test(f.message));
      assert.ok(dv, `no deletion-vector finding: ${JSON.stringify(h.findings)}`);
      assert.equal(dv.fix, 'REORG TABLE … APPLY (PURGE)');
      for (const g of ['Files & bytes', 'Partition skew', 'Deletion vectors', 'Log', 'Retention & maintenance', 'Protocol & features', 'Properties']) assert.ok(h.groups.includes(g), `no group ${g}: ${h.groups.join(' | ')}`);
      // the fix asks first: REORG … APPLY (PURGE) is a confirmed statement
      await d.webview().locator('.health-fix', { hasText: 'REORG TABLE' }).first().click();
      await d.step('the REORG dialog', () => d.page.locator('.monaco-dialog-box').first().waitFor({ timeout: 30_000 }));
      await d.screenshot('health-fix');
      const text = await d.confirmDialog('Cancel', { expect: new RegExp(`Reorg ${re(label)}\\?[\\s\\S]*REORG TABLE \\S+ APPLY \\(PURGE\\)`) });
      assert.match(text, /deletion vectors/);
      assert.deepEqual(await d.errorNotifications(), [], 'an error after Cancel');
      // the fix applied: the panel sees the write and computes its figures again, without Refresh
      const computed = h.meta.replace(/^.*computed /, '');
      await d.webview().locator('.health-fix', { hasText: 'REORG TABLE' }).first().click();
      await d.confirmDialog('Reorg', { expect: /APPLY \(PURGE\)/ });
      await d.waitForNotification(/^Done: REORG TABLE/, { timeoutMs: 120_000 });
      const after = await d.waitUntil('the panel to compute its figures again', async () => {
        const now = await readHealth(d);
        return now.meta.replace(/^.*computed /, '') !== computed && !now.status ? now : undefined;
      }, 120_000);
      await d.screenshot('health-after-fix');
      assert.ok(!after.findings.some((f) => /deletion vectors? (is|are) in use/.test(f.message)), `the deletion-vector finding stayed: ${JSON.stringify(after.findings)}`);
      assert.deepEqual(await d.errorNotifications(), [], 'an error after the fix');
    },
  },
];
