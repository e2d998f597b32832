import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Bounds the native memory that node-llama-cpp's samplers leave for the garbage collector.
 *
 * node-llama-cpp 3.21 creates a sampler per generation and disposes it afterwards, but the native sampler's
 * candidate buffer (12 bytes per vocabulary token: 384 KiB for a 32k vocabulary, 3 MiB for 256k) is freed only by
 * its destructor, which runs when V8 collects the small JS wrapper. V8 does not know about that memory and the
 * wrappers outlive young-generation collections, so under load full collections come rarely: the serve load bench
 * saw RSS climb from 324 to 713 MiB in 60 s, while a forced full GC brought it back every time. Counting the bytes
 * awaiting collection and forcing a full GC past a budget keeps RSS flat at the cost of one full-GC pause (tens of
 * ms on a small heap) every `budgetBytes / bytesPerGeneration` generations.
 */
export class SamplerGarbage {
  private pendingBytes = 0;

  constructor(
    private readonly collect: () => void,
    private readonly budgetBytes: number,
  ) {}

  /** Records one finished generation whose sampler held `bytes` of native memory. */
  generated(bytes: number): void {
    this.pendingBytes += bytes;
    if (this.pendingBytes < this.budgetBytes) return;
    this.pendingBytes = 0;
    this.collect();
  }
}

/** Native sampler bytes per generation: llama.cpp's `llama_token_data` (id, logit, probability) per token. */
export function samplerBytes(vocabularySize: number): number {
  return 12 * vocabularySize;
}

/** Collected memory is freed together: all embedded models of the process share one budget. */
const BUDGET_BYTES = 64 * 1024 * 1024;

let processGarbage: SamplerGarbage | undefined;

/** The process-wide tracker, forcing V8's full GC (exposed at runtime when Node was not started with --expose-gc). */
export function samplerGarbage(): SamplerGarbage {
  processGarbage ??= new SamplerGarbage(fullGarbageCollection(), BUDGET_BYTES);
  return processGarbage;
}

function fullGarbageCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  // The flag only installs `gc` in contexts created after it is set, hence the new context.
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
