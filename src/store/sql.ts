import {
  type DuckDBConnection,
  type DuckDBType,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from "@duckdb/node-api";

/** A parameter as callers write it: JS scalars, string lists (VARCHAR[]) or null. */
export type SqlParam = string | number | bigint | boolean | null | readonly string[] | Date;

/** The JS shape of a row as DuckDB returns it (lists as arrays, BIGINT as bigint, TIMESTAMP as Date). */
export type Row = Record<string, unknown>;

/** Binds positional parameters ($1, $2, …), giving string lists an explicit VARCHAR[] type. */
function toDuckDB(params: readonly SqlParam[]): { values: DuckDBValue[]; types: (DuckDBType | undefined)[] } {
  const values: DuckDBValue[] = [];
  const types: (DuckDBType | undefined)[] = [];
  for (const param of params) {
    if (Array.isArray(param)) {
      values.push(listValue(param as string[]));
      types.push(LIST(VARCHAR));
    } else if (param instanceof Date) {
      values.push(param.toISOString());
      types.push(VARCHAR);
    } else {
      values.push(param as DuckDBValue);
      types.push(param === null ? VARCHAR : undefined);
    }
  }
  return { values, types };
}

export async function execute(
  connection: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[] = [],
): Promise<void> {
  const { values, types } = toDuckDB(params);
  await connection.run(sql, values, types as DuckDBType[]);
}

export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  params: readonly SqlParam[] = [],
): Promise<Row[]> {
  const { values, types } = toDuckDB(params);
  const reader = await connection.runAndReadAll(sql, values, types as DuckDBType[]);
  return reader.getRowObjectsJS() as Row[];
}
