// Which open grids read which table, so a write the extension does on a table can mark them stale ("the table
// changed since these rows were loaded"). Host side, without vscode: the panel registers its grid, commands that
// write call tableChanged.

/** The table a grid's source reads. */
export interface TableRead {
  /** The connection the table was read through. */
  readonly connection: string;
  /** The table's name as written (backquotes allowed) or its path. */
  readonly table: string;
  /** The source reads one fixed version (time travel): later writes do not change what it shows. */
  readonly fixedVersion?: boolean;
}

/** A normalised table key: connection, then the name's parts without backquotes, lower-cased ("prod|main.s.t"). */
export function tableKey(connection: string, table: string): string {
  return `${connection}|${nameParts(table).join('.')}`;
}

/** Splits `a`.`b.c`.d into its parts, unquoted and lower-cased; a path (has a slash) is one part. */
export function nameParts(table: string): string[] {
  const text = table.trim();
  if (/^(?:\/|[a-z][\w+.-]*:\/)/i.test(text)) return [text.replace(/\/+$/, '')];
  const parts: string[] = [];
  const re = /`((?:[^`]|``)*)`|([^.`\s]+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) parts.push((m[1] !== undefined ? m[1].replace(/``/g, '`') : m[2]).toLowerCase());
  return parts;
}

/** Whether two names may be the same table: one's parts end the other's (sales.orders and main.sales.orders). */
function sameTable(a: readonly string[], b: readonly string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length === 0) return false;
  const tail = long.slice(long.length - short.length);
  return short.every((p, i) => p === tail[i]);
}

interface Entry {
  readonly connection: string;
  readonly parts: readonly string[];
  readonly fixedVersion: boolean;
  readonly onChanged: () => void;
}

/** Open grids by the table they read. */
export class OpenTables {
  private readonly entries = new Set<Entry>();

  /** Registers a grid; `onChanged` runs when the table is written. Returns the unregister function. */
  register(read: TableRead, onChanged: () => void): () => void {
    const entry: Entry = { connection: read.connection, parts: nameParts(read.table), fixedVersion: read.fixedVersion === true, onChanged };
    this.entries.add(entry);
    return () => { this.entries.delete(entry); };
  }

  /** Marks every grid reading `table` through `connection` (except fixed versions); returns how many were marked. */
  tableChanged(connection: string, table: string): number {
    const parts = nameParts(table);
    let marked = 0;
    for (const e of [...this.entries]) {
      if (e.fixedVersion || e.connection !== connection || !sameTable(e.parts, parts)) continue;
      e.onChanged();
      marked++;
    }
    return marked;
  }

  /** Grids registered now. */
  get size(): number {
    return this.entries.size;
  }
}
