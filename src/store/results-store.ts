import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { UsageError } from "../cli/errors.js";
import { MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION } from "./schema.js";
import { execute, queryRows, type Row, type SqlParam } from "./sql.js";

export const DEFAULT_STORE_FILE = "slm-eval.duckdb";

/** Raised when a store file that must exist does not, or holds a schema newer than this version understands. */
export class StoreNotFoundError extends Error {
  override readonly name = "StoreNotFoundError";
}

/** Another process holds the store file (DuckDB allows one process per file): the user picks another or waits. */
export class StoreBusyError extends UsageError {}

export interface OpenStoreOptions {
  /** Commands that only read (export, runs, metrics) need an existing store; eval creates one. */
  mustExist?: boolean;
  /**
   * DuckDB worker threads (default: all cores). The evaluation loop writes small batches: one thread does that with
   * less CPU, leaving the cores to the model.
   */
  threads?: number;
}

/**
 * One DuckDB results file, opened by one process at a time. All access goes through this object so writes are
 * serialised: a transaction runs alone on the connection, so readers never see half a batch.
 */
export class ResultsStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(file: string, options: OpenStoreOptions = {}): Promise<ResultsStore> {
    const resolved = path.resolve(file);
    if (options.mustExist && !existsSync(resolved)) {
      throw new StoreNotFoundError(
        `results store not found: ${file} (run \`slm-eval eval --store ${file} …\` first, or pass --store FILE)`,
      );
    }
    await mkdir(path.dirname(resolved), { recursive: true });
    const instance = await DuckDBInstance.create(
      resolved,
      options.threads !== undefined ? { threads: String(options.threads) } : {},
    ).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (/Could not set lock on file/.test(message)) {
        throw new StoreBusyError(
          `results store ${file} is open in another process (${message.match(/PID \d+/)?.[0] ?? "unknown PID"}); ` +
            "a store takes one process at a time: wait for it to finish, or use another --store",
        );
      }
      throw error;
    });
    const connection = await instance.connect();
    const store = new ResultsStore(resolved, instance, connection);
    try {
      await store.migrate();
    } catch (error) {
      store.close();
      throw error;
    }
    return store;
  }

  /** Runs `work` inside one transaction, serialised with every other use of the store. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      await this.connection.run("BEGIN TRANSACTION");
      try {
        const result = await work(new StoreTransaction(this.connection));
        await this.connection.run("COMMIT");
        return result;
      } catch (error) {
        await this.connection.run("ROLLBACK");
        throw error;
      }
    });
  }

  query(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return this.serialised(() => queryRows(this.connection, sql, params));
  }

  execute(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    return this.serialised(() => execute(this.connection, sql, params));
  }

  /** Releases the database file; the process can exit afterwards. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async migrate(): Promise<void> {
    await execute(this.connection, MIGRATIONS_TABLE);
    const applied = await queryRows(this.connection, "SELECT max(version) AS version FROM schema_migrations");
    const current = Number(applied[0]?.version ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new StoreNotFoundError(
        `${this.file} has store schema version ${current}; this slm-eval understands up to ${SCHEMA_VERSION} (upgrade slm-eval)`,
      );
    }
    for (const migration of MIGRATIONS.filter((m) => m.version > current)) {
      await this.transaction(async (tx) => {
        for (const statement of migration.statements) await tx.execute(statement);
        await tx.execute("INSERT INTO schema_migrations (version, description) VALUES ($1, $2)", [
          migration.version,
          migration.description,
        ]);
      });
    }
  }
}

/** The connection as seen inside a transaction. */
export class StoreTransaction {
  constructor(private readonly connection: DuckDBConnection) {}

  execute(sql: string, params: readonly SqlParam[] = []): Promise<void> {
    return execute(this.connection, sql, params);
  }

  query(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
    return queryRows(this.connection, sql, params);
  }
}
