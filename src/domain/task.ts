/** The three practical aspects the paper groups SNI tasks by; names match the CLI and the analysis CSV files. */
export const ASPECTS = ["task-types", "domains", "reasoning"] as const;
export type Aspect = (typeof ASPECTS)[number];

/** One metadata value of a task, e.g. "Commonsense -> Concepts and Relations": kept whole, grouped by its first part. */
export interface AspectValue {
  /** The full hierarchical path as written in the task file. */
  path: string;
  /** The first part of the path: the entity the paper aggregates by. */
  entity: string;
}

export type TaskAspects = Record<Aspect, AspectValue[]>;

export interface Example {
  input: string;
  output: string;
  explanation?: string;
}

export interface Instance {
  /** The instance id from the task file, or `<task>-<index>` when the file has none (older SNI versions). */
  id: string;
  /** Position in the task file's `Instances` list (0-based). */
  index: number;
  input: string;
  /** Reference outputs; the paper's kit scores against the first one. */
  outputs: string[];
}

/** What the metadata index knows about a task without parsing its instances. */
export interface TaskMeta {
  name: string;
  /** Absolute path of the task's JSON file. */
  file: string;
  aspects: TaskAspects;
  inputLanguages: string[];
  outputLanguages: string[];
  instructionLanguages: string[];
  positiveExampleCount: number;
  negativeExampleCount: number;
  instanceCount: number;
}

export interface Task extends TaskMeta {
  /** The task definition (SNI stores a list of strings in newer versions; joined here). */
  definition: string;
  positiveExamples: Example[];
  negativeExamples: Example[];
  instances: Instance[];
}
