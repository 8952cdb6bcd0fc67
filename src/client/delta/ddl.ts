// CREATE TABLE text for an existing Delta table (Delta refuses SHOW CREATE TABLE). Pure: the schema comes in as
// Spark's JSON schema model (what the Delta log's metaData.schemaString holds, field metadata included), plus the
// figures of DESCRIBE DETAIL. What the text cannot carry is returned as notes, never silently dropped.
import type { DataType } from '../gen/spark/connect/types_pb';
import { parseIdentifier, quoteIdentifier, quoteName, quoteString } from '../sqlQuote';

/** A type in Spark's JSON schema form: a name ("long", "decimal(10,2)") or a struct, array or map. */
export type SchemaType =
  | string
  | { type: 'struct'; fields: SchemaField[] }
  | { type: 'array'; elementType: SchemaType; containsNull?: boolean }
  | { type: 'map'; keyType: SchemaType; valueType: SchemaType; valueContainsNull?: boolean };

/** A field in Spark's JSON schema form. */
export interface SchemaField {
  name: string;
  type: SchemaType;
  nullable: boolean;
  metadata?: Record<string, unknown>;
}

/** What a CREATE TABLE is made from: the schema and DESCRIBE DETAIL's figures. */
export interface DdlSource {
  /** The new table's name as SQL text (already quoted). */
  name: string;
  fields: SchemaField[];
  partitionColumns?: readonly string[];
  clusteringColumns?: readonly string[];
  description?: string | null;
  properties?: Readonly<Record<string, string>>;
  minReaderVersion?: number;
  minWriterVersion?: number;
  tableFeatures?: readonly string[];
}

/** The statements that recreate a table, and what they cannot carry. */
export interface TableDdl {
  /** CREATE TABLE …; then one ALTER TABLE … ADD CONSTRAINT per CHECK constraint. */
  statements: string[];
  /** Things of the table the statements do not recreate (e.g. an identity column's high-water mark). */
  notes: string[];
}

/** Metadata keys Delta and Spark keep on a field for themselves; not part of a column definition. */
const FIELD_KEYS = {
  comment: 'comment',
  generation: 'delta.generationExpression',
  identityStart: 'delta.identity.start',
  identityStep: 'delta.identity.step',
  identityExplicit: 'delta.identity.allowExplicitInsert',
  identityHighWaterMark: 'delta.identity.highWaterMark',
  charVarchar: '__CHAR_VARCHAR_TYPE_STRING',
  currentDefault: 'CURRENT_DEFAULT',
} as const;

/** Table properties Delta sets or derives itself: copying them into a CREATE is wrong or refused. */
const DERIVED_PROPERTY = [
  /^delta\.columnMapping\.maxColumnId$/,
  /^delta\.rowTracking\.materialized/,
  /^delta\.constraints\./,
  /^delta\.feature\./,
  /^delta\.min(Reader|Writer)Version$/,
  /^delta\.lastUpdateVersion$/,
  /^delta\.lastCommitTimestamp$/,
  /^delta\.inCommitTimestampEnablement(Version|Timestamp)$/,
];

/** Table features that follow from the schema, the properties or CLUSTER BY: naming them again is not needed. */
const IMPLIED_FEATURE = new Set(['clustering', 'domainMetadata']);

const JSON_TYPE_NAMES: Record<string, string> = {
  long: 'bigint', integer: 'int', short: 'smallint', byte: 'tinyint', null: 'void',
};

/** The CREATE TABLE (and ADD CONSTRAINT) statements that recreate a Delta table under `src.name`. */
export function createTableDdl(src: DdlSource): TableDdl {
  if (src.fields.length === 0) throw new Error('The table has no columns: there is no CREATE TABLE to write.');
  const notes: string[] = [];
  const columns = src.fields.map((f) => `  ${columnDefinition(f, notes, f.name)}`);
  const clauses = [`CREATE TABLE ${src.name} (\n${columns.join(',\n')}\n)`, 'USING DELTA'];
  if (src.partitionColumns?.length) clauses.push(`PARTITIONED BY (${src.partitionColumns.map(quoteIdentifier).join(', ')})`);
  if (src.clusteringColumns?.length) clauses.push(`CLUSTER BY (${src.clusteringColumns.map(clusteringColumn).join(', ')})`);
  if (src.description) clauses.push(`COMMENT ${quoteString(src.description)}`);
  const props = ddlProperties(src);
  if (props.length) clauses.push(`TBLPROPERTIES (\n${props.map(([k, v]) => `  ${quoteString(k)} = ${quoteString(v)}`).join(',\n')}\n)`);
  const constraints = Object.entries(src.properties ?? {}).filter(([k]) => k.startsWith('delta.constraints.'))
    .map(([k, v]) => `ALTER TABLE ${src.name} ADD CONSTRAINT ${quoteIdentifier(k.slice('delta.constraints.'.length))} CHECK (${v})`);
  return { statements: [clauses.join('\n'), ...constraints], notes };
}

/** The statements as one script, each ending in a semicolon, the notes as SQL comments above them. */
export function ddlScript(ddl: TableDdl): string {
  const head = ddl.notes.map((n) => `-- Not recreated: ${n}\n`).join('');
  return head + ddl.statements.map((s) => `${s};\n`).join('\n');
}

/** The TBLPROPERTIES of the new table: the user's and Delta's settable ones, protocol versions and table features. */
export function ddlProperties(src: Pick<DdlSource, 'properties' | 'minReaderVersion' | 'minWriterVersion' | 'tableFeatures'>): Array<[string, string]> {
  const out: Array<[string, string]> = Object.entries(src.properties ?? {})
    .filter(([k]) => !DERIVED_PROPERTY.some((re) => re.test(k)))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (src.minReaderVersion !== undefined) out.push(['delta.minReaderVersion', String(src.minReaderVersion)]);
  if (src.minWriterVersion !== undefined) out.push(['delta.minWriterVersion', String(src.minWriterVersion)]);
  for (const f of [...(src.tableFeatures ?? [])].sort()) {
    if (!IMPLIED_FEATURE.has(f)) out.push([`delta.feature.${f}`, 'supported']);
  }
  return out;
}

function clusteringColumn(name: string): string {
  try {
    return quoteName(parseIdentifier(name));
  } catch {
    return quoteIdentifier(name);
  }
}

/** `name type [NOT NULL] [DEFAULT …] [GENERATED …] [COMMENT …]`; `path` names the field in notes. */
function columnDefinition(f: SchemaField, notes: string[], path: string): string {
  const meta = f.metadata ?? {};
  const parts = [quoteIdentifier(f.name), fieldType(f, notes, path)];
  if (!f.nullable) parts.push('NOT NULL');
  const dflt = meta[FIELD_KEYS.currentDefault];
  if (typeof dflt === 'string') parts.push(`DEFAULT ${dflt}`);
  const generated = meta[FIELD_KEYS.generation];
  if (typeof generated === 'string') parts.push(`GENERATED ALWAYS AS (${generated})`);
  const identity = identityClause(meta, notes, path);
  if (identity) parts.push(identity);
  const comment = meta[FIELD_KEYS.comment];
  if (typeof comment === 'string') parts.push(`COMMENT ${quoteString(comment)}`);
  return parts.join(' ');
}

function identityClause(meta: Record<string, unknown>, notes: string[], path: string): string | undefined {
  const start = meta[FIELD_KEYS.identityStart];
  const step = meta[FIELD_KEYS.identityStep];
  if (start === undefined || step === undefined) return undefined;
  const explicit = meta[FIELD_KEYS.identityExplicit] === true || meta[FIELD_KEYS.identityExplicit] === 'true';
  const hwm = meta[FIELD_KEYS.identityHighWaterMark];
  if (hwm !== undefined) notes.push(`the identity column ${path} restarts at ${String(start)} (its high-water mark is ${String(hwm)})`);
  return `GENERATED ${explicit ? 'BY DEFAULT' : 'ALWAYS'} AS IDENTITY (START WITH ${String(start)} INCREMENT BY ${String(step)})`;
}

/** The SQL type of a field: char/varchar as declared (Spark keeps them as string plus metadata). */
function fieldType(f: SchemaField, notes: string[], path: string): string {
  if (f.metadata?.__COLLATIONS !== undefined) notes.push(`the collation of ${path} (${JSON.stringify(f.metadata.__COLLATIONS)})`);
  const declared = f.metadata?.[FIELD_KEYS.charVarchar];
  return typeof declared === 'string' ? declared : sqlType(f.type, notes, path);
}

/** The Spark SQL text of a JSON schema type: bigint, decimal(10,2), array<…>, map<…,…>, struct<…>. */
export function sqlType(t: SchemaType, notes: string[] = [], path = ''): string {
  if (typeof t === 'string') return JSON_TYPE_NAMES[t] ?? t;
  switch (t.type) {
    case 'array':
      if (t.containsNull === false) notes.push(`the elements of ${path} are declared not null (SQL cannot say so)`);
      return `array<${sqlType(t.elementType, notes, `${path}[]`)}>`;
    case 'map':
      if (t.valueContainsNull === false) notes.push(`the map values of ${path} are declared not null (SQL cannot say so)`);
      return `map<${sqlType(t.keyType, notes, `${path}.key`)}, ${sqlType(t.valueType, notes, `${path}.value`)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => structField(f, notes, `${path}.${f.name}`)).join(', ')}>`;
    default:
      throw new Error(`Unknown type in the table's schema: ${JSON.stringify(t)}`);
  }
}

function structField(f: SchemaField, notes: string[], path: string): string {
  const comment = f.metadata?.[FIELD_KEYS.comment];
  return `${quoteIdentifier(f.name)}: ${fieldType(f, notes, path)}${f.nullable ? '' : ' NOT NULL'}${typeof comment === 'string' ? ` COMMENT ${quoteString(comment)}` : ''}`;
}

/** Parses a JSON schema string (Spark's StructType.json, the Delta log's schemaString) into fields. */
export function parseSchemaJson(json: string): SchemaField[] {
  const parsed = JSON.parse(json) as { type?: unknown; fields?: unknown };
  if (parsed.type !== 'struct' || !Array.isArray(parsed.fields)) throw new Error('The table schema is not a struct.');
  return parsed.fields as SchemaField[];
}

const PROTO_TYPE_NAMES: Record<string, string> = {
  null: 'null', binary: 'binary', boolean: 'boolean', byte: 'byte', short: 'short', integer: 'integer', long: 'long',
  float: 'float', double: 'double', string: 'string', date: 'date', timestamp: 'timestamp', timestampNtz: 'timestamp_ntz',
  calendarInterval: 'interval', variant: 'variant', yearMonthInterval: 'interval year to month', dayTimeInterval: 'interval day to second',
};

/** A Spark Connect struct type (AnalyzePlan's schema) as JSON schema fields, metadata parsed. */
export function fieldsOfDataType(t: DataType | undefined): SchemaField[] {
  if (t?.kind.case !== 'struct') throw new Error('The table schema is not a struct.');
  return t.kind.value.fields.map((f) => ({
    name: f.name, type: jsonType(f.dataType), nullable: f.nullable, metadata: f.metadata ? JSON.parse(f.metadata) as Record<string, unknown> : {},
  }));
}

function jsonType(t: DataType | undefined): SchemaType {
  const k = t?.kind;
  switch (k?.case) {
    case 'decimal': return `decimal(${k.value.precision ?? 10},${k.value.scale ?? 0})`;
    case 'char': return `char(${k.value.length})`;
    case 'varChar': return `varchar(${k.value.length})`;
    case 'array': return { type: 'array', elementType: jsonType(k.value.elementType), containsNull: k.value.containsNull };
    case 'map': return { type: 'map', keyType: jsonType(k.value.keyType), valueType: jsonType(k.value.valueType), valueContainsNull: k.value.valueContainsNull };
    case 'struct': return { type: 'struct', fields: fieldsOfDataType(t) };
    case 'unparsed': return k.value.dataTypeString;
    case undefined: throw new Error('A column of the table has no type.');
    default: return PROTO_TYPE_NAMES[k!.case] ?? String(k!.case);
  }
}
