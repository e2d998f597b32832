import { readFileSync } from "node:fs";

let version: string | undefined;

/** This package's version, recorded with every run so results can be traced to the code that made them. */
export function softwareVersion(): string {
  if (version === undefined) {
    version = "unknown";
    // src/store/*.ts sits two levels below the package root, dist/src/store/*.js three.
    for (const relative of ["../../package.json", "../../../package.json"]) {
      try {
        const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), "utf8")) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === "slm-eval" && manifest.version) {
          version = manifest.version;
          break;
        }
      } catch {}
    }
  }
  return version;
}
