import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The slm-eval package root: the nearest folder above this module with slm-eval's package.json.
 * Found by walking up because the module runs both from src/ (tsx) and from dist/src/ (build).
 */
export const packageRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

let version: string | undefined;

/** This package's version, recorded with runs and metric configs so results trace back to the code. */
export function packageVersion(): string {
  version ??= (
    JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { version: string }
  ).version;
  return version;
}

/** A file shipped with the package (e.g. `data/taxonomy.json`). */
export function packageFile(relative: string): string {
  return path.join(packageRoot, relative);
}

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "slm-eval"
    ) {
      return dir;
    }
    if (path.dirname(dir) === dir) throw new Error(`slm-eval's package.json not found above ${start}`);
  }
}
