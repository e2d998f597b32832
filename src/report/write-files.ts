import path from "node:path";
import { writeFileAtomic } from "../data/atomic-file.js";
import type { ReportFile } from "./kit-tables.js";

/** Writes report files under `dir`, each atomically (a reader never sees half a file). */
export async function writeReportFiles(dir: string, files: readonly ReportFile[]): Promise<void> {
  for (const file of files) await writeFileAtomic(path.join(dir, file.path), file.content);
}
