import { REQUEST_ASPECTS, type RequestAspects } from "../domain/serve.js";

/** The header naming each aspect, e.g. `x-slm-task-type` for `task_type`. */
export function aspectHeader(aspect: (typeof REQUEST_ASPECTS)[number]): string {
  return `x-slm-${aspect.replaceAll("_", "-")}`;
}

/**
 * The aspects a request names, from the body's `metadata` (`task_type`, `domain`, `reasoning`) or from the
 * `x-slm-*` headers; the body wins when both name the same aspect. Blank values count as absent.
 */
export function requestAspects(
  metadata: Record<string, string> | undefined,
  header: (name: string) => string | undefined,
): RequestAspects {
  const aspects: RequestAspects = {};
  for (const aspect of REQUEST_ASPECTS) {
    const value = (metadata?.[aspect] ?? header(aspectHeader(aspect)))?.trim();
    if (value) aspects[aspect] = value;
  }
  return aspects;
}
