import { readdir } from "node:fs/promises";
import path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { closestNames } from "../../data/closest-names.js";
import { taskFrom } from "../../data/task-file.js";
import { readTaskMeta, taskFilePath } from "../../data/task-index.js";
import type { Task } from "../../domain/index.js";
import { UsageError } from "../errors.js";
import { DEFAULT_DATA_DIR } from "../options/data-options.js";

interface ShowOptions {
  data: string;
  instance: number;
  json?: boolean;
}

/** `slm-eval data show TASK`: one task's metadata, definition and one instance, for reading. */
export function registerDataShowCommand(data: Command): void {
  data
    .command("show")
    .description("Show a task's metadata, definition and one instance")
    .argument("<task>", "task name as in tasks/<name>.json (e.g. task1728_web_nlg_data_to_text)")
    .addOption(
      new Option("--data <dir>", "SNI directory with tasks/ (e.g. --data ./sni)").default(DEFAULT_DATA_DIR),
    )
    .addOption(
      new Option("--instance <n>", "position of the instance in the file, from 0 (e.g. --instance 5)")
        .argParser(nonNegativeInteger)
        .default(0),
    )
    .addOption(new Option("--json", "print the task metadata, definition and the instance as JSON"))
    .addHelpText(
      "after",
      `
Examples:
  slm-eval data show task1728_web_nlg_data_to_text --data sni
  slm-eval data show task1728_web_nlg_data_to_text --data sni --instance 3 --json`,
    )
    .action(async (name: string, options: ShowOptions) => {
      const file = taskFilePath(options.data, name);
      const { meta, raw } = await readTaskMeta(name, file).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
        throw new UsageError(
          `no task "${name}": ${file} does not exist${await suggestTasks(options.data, name)}`,
        );
      });
      if (options.instance >= meta.instanceCount) {
        throw new UsageError(
          `--instance ${options.instance}: task "${name}" has ${meta.instanceCount} instances (0 to ${meta.instanceCount - 1})`,
        );
      }
      const task = taskFrom(raw, meta, options.instance + 1);
      const instance = task.instances[options.instance];
      if (options.json) {
        const { instances: _all, ...rest } = task;
        process.stdout.write(`${JSON.stringify({ ...rest, instance }, null, 2)}\n`);
        return;
      }
      process.stdout.write(renderTask(task, options.instance));
    });
}

function renderTask(task: Task, position: number): string {
  const instance = task.instances[position];
  const values = (aspect: keyof Task["aspects"]) =>
    task.aspects[aspect].map((value) => value.path).join("; ") || "(none)";
  const lines = [
    task.name,
    `  file:        ${task.file}`,
    `  task types:  ${values("task-types")}`,
    `  domains:     ${values("domains")}`,
    `  reasoning:   ${values("reasoning")}`,
    `  languages:   input ${task.inputLanguages.join(", ")}; output ${task.outputLanguages.join(", ")}; ` +
      `instruction ${task.instructionLanguages.join(", ")}`,
    `  examples:    ${task.positiveExampleCount} positive, ${task.negativeExampleCount} negative`,
    `  instances:   ${task.instanceCount}`,
    "",
    "Definition:",
    indent(task.definition),
    "",
    `Instance ${position} (id ${instance?.id}):`,
    "Input:",
    indent(instance?.input ?? ""),
    `Output (${instance?.outputs.length} reference${instance?.outputs.length === 1 ? "" : "s"}):`,
    ...(instance?.outputs ?? []).map((output, index) => indent(`${index + 1}. ${output}`)),
  ];
  return `${lines.join("\n")}\n`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}

async function suggestTasks(dataDir: string, name: string): Promise<string> {
  const files = await readdir(path.join(dataDir, "tasks")).catch(() => undefined);
  if (files === undefined) return ` (${path.join(dataDir, "tasks")} is missing: is --data an SNI directory?)`;
  const names = files.filter((file) => file.endsWith(".json")).map((file) => file.slice(0, -".json".length));
  return names.length > 0 ? `; closest: ${closestNames(name, names).join(", ")}` : "";
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value.trim()))
    throw new InvalidArgumentError(`expected a whole number from 0, got "${value}"`);
  return Number(value);
}
