import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whether tests run from source (tsx) or from dist/. */
export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** `../shared/fixtures` beside the clone, or SLM_EVAL_FIXTURES. */
export const fixturesRoot =
  process.env.SLM_EVAL_FIXTURES ?? path.resolve(repoRoot, "..", "shared", "fixtures");

/**
 * Path of a shared fixture. Throws when it is absent: a test that needs a fixture must fail loudly, never skip.
 */
export function sharedFixture(...parts: string[]): string {
  const file = path.join(fixturesRoot, ...parts);
  if (!existsSync(file)) {
    throw new Error(
      `required test fixture is missing: ${file} (expected ../shared/fixtures beside the clone)`,
    );
  }
  return file;
}

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
