import { readFile } from "node:fs/promises";
import { UsageError } from "../cli/errors.js";
import { writeFileAtomic } from "../data/atomic-file.js";
import type { RequestClassifier } from "../domain/serve.js";
import { AspectClassifier, type AspectClassifierModel, parseClassifierModel } from "./aspect-classifier.js";

/** Loads a classifier saved by `route classifier`; an unreadable or foreign file is bad input (exit 2). */
export async function loadRequestClassifier(file: string): Promise<RequestClassifier> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`classifier: cannot read ${file} (${(error as Error).message})`);
  }
  try {
    return new AspectClassifier(parseClassifierModel(text, file));
  } catch (error) {
    throw new UsageError(`classifier: ${(error as Error).message}`);
  }
}

export async function saveClassifierModel(file: string, model: AspectClassifierModel): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(model)}\n`);
}
