// Telling a path from a table name the way Hadoop's Path does: a URI with a scheme (s3://, s3a://, abfss://, gs://,
// hdfs://, dbfs:/, file:/, file:///…) or an absolute path. A name never has a colon followed by a slash unquoted.

/** A URI scheme (RFC 3986: a letter, then letters, digits, + - .) followed by ":/" — Hadoop reads it as a path. */
const SCHEME_PATH = /^[A-Za-z][A-Za-z0-9+.-]*:\//;

/** Whether `target` names a location (path) rather than a table: as Hadoop's Path reads it. */
export function isHadoopPath(target: string): boolean {
  const t = target.trim();
  if (t.startsWith('`')) return false; // a quoted name is a name, whatever it spells
  return t.startsWith('/') || SCHEME_PATH.test(t) || /^[A-Za-z]:\\/.test(t);
}
