import type { GenerationRequest, GenerationResult, Provider } from "../domain/provider.js";

/**
 * Sends requests to a provider with at most `concurrency` in flight, yielding results as they complete.
 * When `signal` aborts, no new request starts; requests in flight finish or fail through the provider's own
 * handling of the signal, and their results are still yielded (the caller decides what to keep).
 */
export async function* generateBounded(
  provider: Provider,
  requests: readonly GenerationRequest[],
  concurrency: number,
  signal?: AbortSignal,
): AsyncGenerator<GenerationResult> {
  const inFlight = new Map<number, Promise<{ slot: number; results: GenerationResult[] }>>();
  let next = 0;
  let slot = 0;
  const launch = () => {
    const request = requests[next++] as GenerationRequest;
    const id = slot++;
    inFlight.set(
      id,
      collect(provider, request, signal).then((results) => ({ slot: id, results })),
    );
  };
  while (next < requests.length || inFlight.size > 0) {
    while (inFlight.size < concurrency && next < requests.length && !signal?.aborted) launch();
    if (inFlight.size === 0) return;
    const done = await Promise.race(inFlight.values());
    inFlight.delete(done.slot);
    yield* done.results;
  }
}

async function collect(
  provider: Provider,
  request: GenerationRequest,
  signal?: AbortSignal,
): Promise<GenerationResult[]> {
  const results: GenerationResult[] = [];
  // A signal per request, linked to the run's: listeners a backend leaves on it die with it instead of piling up
  // on the run's signal over thousands of requests. Without a run signal there is nothing to link.
  const own = signal ? new AbortController() : undefined;
  const forward = () => own?.abort(signal?.reason);
  if (signal?.aborted) own?.abort(signal.reason);
  else signal?.addEventListener("abort", forward, { once: true });
  try {
    for await (const result of provider.generate([request], own?.signal)) results.push(result);
  } catch (error) {
    // The interface promises errors as results; a provider that throws anyway must not lose the item's slot.
    results.push({
      id: request.id,
      text: "",
      promptTokens: 0,
      completionTokens: 0,
      latencyMs: 0,
      finishReason: "error",
      error: error instanceof Error ? error.message : String(error),
    });
  } finally {
    signal?.removeEventListener("abort", forward);
  }
  return results;
}
