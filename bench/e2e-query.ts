// The 10-column query of the end-to-end and preview figures.
export const QUERY = (rows: number): string => `SELECT id, id * 2 AS a, id * 3 AS b, id * 7 AS c,
  CAST(id AS DOUBLE) / 3 AS x, CAST(id AS DOUBLE) / 7 AS y, CAST(id AS DOUBLE) / 11 AS z,
  CAST(id % 1000003 AS INT) AS i, CAST(id % 65537 AS INT) AS j, concat('r', CAST(id % 100000 AS STRING)) AS s
  FROM range(${rows})`;
