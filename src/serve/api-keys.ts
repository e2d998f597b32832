import { createHash, timingSafeEqual } from "node:crypto";

function digest(text: string): Uint8Array {
  return new Uint8Array(createHash("sha256").update(text, "utf8").digest());
}

/**
 * The accepted API keys, held only as SHA-256 digests. A presented key is compared against every accepted one
 * with crypto.timingSafeEqual on equal-length digests, so neither its length nor its content shows in timing.
 */
export class ApiKeys {
  private readonly digests: Uint8Array[];

  constructor(keys: string[]) {
    this.digests = keys.filter((key) => key !== "").map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /** A label for the matching key (`key-1`, `key-2`: safe to log and to rate-limit by), or undefined. */
  identify(presented: string): string | undefined {
    const candidate = digest(presented);
    let match: number | undefined;
    // No early exit: every key is compared whatever matches.
    for (const [index, accepted] of this.digests.entries()) {
      if (timingSafeEqual(candidate, accepted) && match === undefined) match = index;
    }
    return match === undefined ? undefined : `key-${match + 1}`;
  }
}

/** The token of an `Authorization: Bearer …` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}
