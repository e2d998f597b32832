/**
 * Cost of the aspect classifier on serve's request path: classifying held-out SNI instance inputs (three aspects
 * each) against a reference measured in the same run, tokenizing the same inputs (the part every bag-of-words
 * model pays). Run: npx tsx bench/route/classifier.ts [--data DIR] [--rounds N]
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { openDataset } from "../../src/data/dataset.js";
import { AspectClassifier, tokenize } from "../../src/route/aspect-classifier.js";
import { isHeldOut, loadTasks, trainOnTasks } from "../../src/route/classifier-data.js";

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = argv.indexOf(name);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
};
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const dataDir = option("--data", path.resolve(repoRoot, "..", "shared", "fixtures", "sni"));
const rounds = Number(option("--rounds", "5"));

const dataset = await openDataset(dataDir);
const tasks = await loadTasks(dataset, dataset.tasks, 100);
const trainStarted = performance.now();
const training = tasks.filter((task) => !isHeldOut(task.name, 0, 0.25));
const model = trainOnTasks(training);
const trainMs = performance.now() - trainStarted;
const inputs = tasks
  .filter((task) => isHeldOut(task.name, 0, 0.25))
  .flatMap((task) => task.instances.map((i) => i.input));
const classifier = new AspectClassifier(model);

function best(work: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}

let sink = 0;
const tokenizeMs = best(() => {
  for (const input of inputs) sink += tokenize(input).length;
});
const classifyMs = best(() => {
  for (const input of inputs) sink += Object.keys(classifier.classify(input)).length;
});
const classes = model.aspects.task_type.length + model.aspects.domain.length + model.aspects.reasoning.length;
console.log(`training on ${training.length} tasks: ${trainMs.toFixed(0)} ms`);
console.log(`${inputs.length} held-out inputs, ${classes} classes over 3 aspects, best of ${rounds} rounds`);
console.log(
  `tokenize only (reference): ${tokenizeMs.toFixed(1)} ms (${((tokenizeMs * 1000) / inputs.length).toFixed(1)} µs per input)`,
);
console.log(
  `classify (3 aspects):      ${classifyMs.toFixed(1)} ms (${((classifyMs * 1000) / inputs.length).toFixed(1)} µs per input)` +
    ` = ${(classifyMs / tokenizeMs).toFixed(1)}x the reference`,
);
if (sink < 0) console.log(sink);
