// What the extension sent to the server, read from its own log: run.mjs starts code-server with `--log trace`, so the
// "Delta Connect" output channel records one line per RPC (src/client/requestTrace.ts), e.g.
//   2026-11-27 02:40:15.795 [trace] ExecutePlan op=33f6… plan=relation:delta:deleteFromTable [local]
// code-server writes that channel to <user-data>/logs/<session>/exthost<N>/<extension id>/Delta Connect.log.
import fs from 'node:fs';
import path from 'node:path';

const EXTENSION_ID = 'delta-connect-explorer.delta-connect-explorer';
const LOG_NAME = 'Delta Connect.log';

/** Plans that change a table, as Delta Connect messages or as SQL commands: none may be sent before the user confirms. */
export const WRITE_PLAN = /plan=(command:delta:(vacuumTable|cloneTable|dropFeatureSupport|createDeltaTable|addFeatureSupport|upgradeTableProtocol)|relation:delta:(deleteFromTable|updateTable|mergeIntoTable|restoreTable|convertToDelta|optimizeTable)|command:sql:(DELETE|UPDATE|MERGE|RESTORE|VACUUM|OPTIMIZE|CREATE|REPLACE|ALTER|CONVERT|GENERATE|INSERT|TRUNCATE))\b/;

/** Delta operations sent over SQL (a server without a Delta Connect plugin: scripts/with-server.sh --no-delta-connect). */
export const SQL_DIALECT = process.env.DCE_SERVER_DELTA_CONNECT === '0';
const SQL_FORMS = {
  'relation:delta:deleteFromTable': 'command:sql:DELETE',
  'relation:delta:updateTable': 'command:sql:UPDATE',
  'relation:delta:restoreTable': 'command:sql:RESTORE',
  'relation:delta:mergeIntoTable': 'command:sql:MERGE',
  'command:delta:vacuumTable': 'command:sql:VACUUM',
  'command:delta:dropFeatureSupport': 'command:sql:ALTER',
  'command:delta:cloneTable': 'command:sql:CREATE',
  'command:delta:createDeltaTable': 'command:sql:CREATE',
  'relation:limit(delta:describeHistory)': 'relation:sql:DESCRIBE',
  'relation:delta:describeDetail': 'relation:sql:DESCRIBE',
};

/** The plan kind an operation is traced as on this server (its Delta Connect name, or its SQL form). */
export const planOf = (kind) => (SQL_DIALECT ? SQL_FORMS[kind] ?? kind : kind);
/** A regex matching `plan=<kind>` of that operation on this server. */
export const planRe = (kind) => new RegExp(`plan=${planOf(kind).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`);
/** Requests that run something on the server (reads or writes), as opposed to releases, config and interrupts. */
export const PLAN_REQUEST = /^(ExecutePlan|AnalyzePlan|ReattachExecute)$/;

/** One traced request: `{ method, summary, line }`. */
export class RequestLog {
  constructor(logsDir) {
    this.logsDir = logsDir;
  }

  /** The newest "Delta Connect.log" of our extension (a restarted extension host starts a new one). */
  file() {
    const found = [];
    const walk = (dir, depth) => {
      if (depth > 4 || !fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, depth + 1);
        else if (e.name === LOG_NAME && path.basename(dir) === EXTENSION_ID) found.push({ p, t: fs.statSync(p).mtimeMs });
      }
    };
    walk(this.logsDir, 0);
    if (!found.length) throw new Error(`no "${LOG_NAME}" of ${EXTENSION_ID} under ${this.logsDir}: is code-server started with --log trace?`);
    return found.sort((a, b) => b.t - a.t)[0].p;
  }

  text() {
    return fs.readFileSync(this.file(), 'utf8');
  }

  /** A position in the log: requests() from here on are those sent after this moment. */
  mark() {
    return { file: this.file(), at: this.text().length };
  }

  /** The requests logged since `mark` (everything when not given). */
  requests(mark) {
    const text = this.text();
    const from = mark && mark.file === this.file() ? mark.at : 0;
    return text.slice(from).split('\n').map((line) => {
      const m = /\[trace\] (\w+) (.*?) \[[^\]]*\]\s*$/.exec(line);
      return m ? { method: m[1], summary: m[2], line: line.trim() } : undefined;
    }).filter(Boolean);
  }

  /** Info lines matching `re` (e.g. "Connected …, session <id>"), since `mark`. */
  infoLines(re, mark) {
    const text = this.text();
    const from = mark && mark.file === this.file() ? mark.at : 0;
    return text.slice(from).split('\n').filter((l) => /\[info\]/.test(l) && re.test(l));
  }
}

/** A short list of requests for assertion messages. */
export const describe = (reqs) => reqs.map((r) => `${r.method} ${r.summary}`).join(' | ') || '(none)';
