import { createHash } from "node:crypto";

/**
 * A deterministic pseudo-random generator for example selection: sfc32 (Chris Doty-Humphrey's Small Fast
 * Counter, from PractRand), seeded with the first 128 bits of SHA-256 over the given parts joined by NUL.
 * The same parts give the same sequence on every platform and Node version, which Math.random cannot.
 */
export function seededRandom(...parts: Array<string | number>): () => number {
  const digest = createHash("sha256").update(parts.map(String).join("\u0000")).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  // Discard the first outputs: sfc32's state mixes poorly right after seeding.
  for (let i = 0; i < 12; i++) next();
  return next;
}
