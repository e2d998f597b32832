import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A small valid SNI task object; tests override fields to build bad or special cases. */
export function validTask(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Contributors: ["Test"],
    Source: ["test"],
    Categories: ["Title Generation"],
    Reasoning: [],
    Definition: ["Write a title for the text."],
    Input_language: ["English"],
    Output_language: ["English"],
    Instruction_language: ["English"],
    Domains: ["News"],
    "Positive Examples": [{ input: "A cat sat.", output: "Cat", explanation: "The subject." }],
    "Negative Examples": [],
    Instances: [
      { id: "t-1", input: "Dogs bark.", output: ["Dogs"] },
      { id: "t-2", input: "Birds sing.", output: ["Birds", "Singing birds"] },
      { id: "t-3", input: "Fish swim.", output: ["Fish"] },
    ],
    ...overrides,
  };
}

/** File content: an object is written as pretty JSON, a string or bytes as they are. */
export type TaskContent = Record<string, unknown> | string | Buffer;

/**
 * Writes an SNI directory in a fresh temp folder: tasks/<name>.json for each entry and
 * splits/default/test_tasks.txt listing `split` (default: every task, in the given order).
 */
export async function writeSniDir(tasks: Record<string, TaskContent>, split?: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "slm-sni-"));
  await mkdir(path.join(dir, "tasks"));
  await mkdir(path.join(dir, "splits", "default"), { recursive: true });
  for (const [name, content] of Object.entries(tasks)) {
    const data = Buffer.isBuffer(content)
      ? Uint8Array.from(content)
      : typeof content === "string"
        ? content
        : JSON.stringify(content, null, 1);
    await writeFile(path.join(dir, "tasks", `${name}.json`), data);
  }
  await writeFile(
    path.join(dir, "splits", "default", "test_tasks.txt"),
    `${(split ?? Object.keys(tasks)).join("\n")}\n`,
  );
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
