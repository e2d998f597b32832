/**
 * The results store's schema, as ordered migrations. A store file records the versions it has applied in
 * `schema_migrations`; opening a store applies the missing ones in one transaction each. Never edit a released
 * migration: append a new one. docs/store.md describes the tables for readers (analysis, report).
 */
export interface Migration {
  version: number;
  description: string;
  statements: string[];
}

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  description VARCHAR NOT NULL,
  applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
)`;

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: "runs, predictions, metric values and configs, response cache",
    statements: [
      `CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY,
        model_spec VARCHAR NOT NULL,
        model_label VARCHAR NOT NULL,
        model_kind VARCHAR NOT NULL,
        model_parameters BIGINT,
        style VARCHAR NOT NULL,
        examples INTEGER NOT NULL,
        with_definition BOOLEAN NOT NULL,
        definition_variant VARCHAR NOT NULL,
        explanations BOOLEAN NOT NULL,
        prompt_mode VARCHAR NOT NULL,
        temperature DOUBLE NOT NULL,
        top_k INTEGER,
        top_p DOUBLE,
        max_new_tokens INTEGER NOT NULL,
        seed BIGINT,
        config_json VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        software_version VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
      )`,
      `CREATE TABLE predictions (
        run_id VARCHAR NOT NULL,
        task VARCHAR NOT NULL,
        instance_index INTEGER NOT NULL,
        instance_id VARCHAR NOT NULL,
        prompt_hash VARCHAR NOT NULL,
        prompt VARCHAR NOT NULL,
        candidate VARCHAR NOT NULL,
        "references" VARCHAR[] NOT NULL,
        task_type_paths VARCHAR[] NOT NULL,
        task_type_entities VARCHAR[] NOT NULL,
        domain_paths VARCHAR[] NOT NULL,
        domain_entities VARCHAR[] NOT NULL,
        reasoning_paths VARCHAR[] NOT NULL,
        reasoning_entities VARCHAR[] NOT NULL,
        input_languages VARCHAR[] NOT NULL,
        output_languages VARCHAR[] NOT NULL,
        instruction_languages VARCHAR[] NOT NULL,
        examples_used INTEGER NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        latency_ms DOUBLE NOT NULL,
        finish_reason VARCHAR NOT NULL,
        error VARCHAR,
        cached BOOLEAN NOT NULL,
        created_at TIMESTAMP NOT NULL,
        PRIMARY KEY (run_id, task, instance_index)
      )`,
      `CREATE TABLE metric_configs (
        config_hash VARCHAR PRIMARY KEY,
        metric VARCHAR NOT NULL,
        config_json VARCHAR NOT NULL
      )`,
      `CREATE TABLE metric_values (
        run_id VARCHAR NOT NULL,
        task VARCHAR NOT NULL,
        instance_index INTEGER NOT NULL,
        metric VARCHAR NOT NULL,
        value DOUBLE NOT NULL,
        config_hash VARCHAR NOT NULL,
        PRIMARY KEY (run_id, task, instance_index, metric)
      )`,
      `CREATE TABLE response_cache (
        cache_key VARCHAR PRIMARY KEY,
        model_spec VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        completion_tokens INTEGER NOT NULL,
        finish_reason VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
      )`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
