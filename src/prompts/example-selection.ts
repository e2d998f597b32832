import type { ExampleSelection } from "../domain/prompt.js";
import type { Example, Instance } from "../domain/task.js";
import { seededRandom } from "./seeded-random.js";

export interface ExampleSelectionInput {
  taskName: string;
  instance: Instance;
  examples: readonly Example[];
  count: number;
  selection: ExampleSelection;
  /** The run's seed; recorded with the run so the same examples can be picked again. */
  seed: number;
}

/**
 * Picks the in-context examples for one instance: `first` takes the first `count` examples of the task,
 * `seeded` samples `count` of them without replacement, in sampled order, with a generator seeded from
 * (seed, task, instance id). Asks for more than the task has give all it has (as the paper's kit does).
 * An example whose input equals the instance's input (ignoring surrounding whitespace) is never picked:
 * it would show the model its own test item.
 */
export function selectExamples(input: ExampleSelectionInput): Example[] {
  const ownInput = input.instance.input.trim();
  const candidates = input.examples.filter((example) => example.input.trim() !== ownInput);
  const count = Math.min(Math.max(0, input.count), candidates.length);
  if (count === 0) return [];
  if (input.selection === "first") return candidates.slice(0, count);
  const random = seededRandom(input.seed, input.taskName, input.instance.id);
  const pool = [...candidates];
  // Partial Fisher–Yates: the first `count` slots end up a uniform sample in random order.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    const picked = pool[j] as Example;
    pool[j] = pool[i] as Example;
    pool[i] = picked;
  }
  return pool.slice(0, count);
}
