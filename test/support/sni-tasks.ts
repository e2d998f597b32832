import { readFileSync } from "node:fs";
import type { Example, Instance, Task } from "../../src/domain/task.js";
import { sharedFixture } from "../fixtures.js";

/** The parts of a task that prompts need. */
export type PromptTask = Pick<Task, "name" | "definition" | "positiveExamples" | "instances">;

interface RawTask {
  Definition: string[];
  "Positive Examples": Example[];
  Instances: Array<{ id?: string; input: string; output: string[] }>;
}

/**
 * Reads a fixture SNI task directly from its JSON (first definition string, as the paper's kit does), so these
 * tests do not depend on the data layer's loader.
 */
export function fixtureTask(name: string, maxInstances = 100): PromptTask {
  const raw = JSON.parse(readFileSync(sharedFixture("sni", "tasks", `${name}.json`), "utf8")) as RawTask;
  const instances: Instance[] = raw.Instances.slice(0, maxInstances).map((instance, index) => ({
    id: instance.id ?? `${name}-${index}`,
    index,
    input: instance.input,
    outputs: instance.output,
  }));
  return {
    name,
    definition: raw.Definition[0] ?? "",
    positiveExamples: raw["Positive Examples"],
    instances,
  };
}
