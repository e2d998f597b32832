import { getLlama, type Llama, LlamaLogLevel } from "node-llama-cpp";

type GpuSetting = "auto" | false;

/** One llama.cpp binding per GPU setting, shared by every open model and released when the last one closes. */
const shared = new Map<GpuSetting, { llama: Promise<Llama>; users: number }>();

/**
 * Takes a reference to the process's llama.cpp binding. Loading it is slow (seconds: node-llama-cpp tests the
 * native binary in a child process first), so models opened side by side share one.
 */
export function acquireLlama(gpu: GpuSetting): Promise<Llama> {
  let entry = shared.get(gpu);
  if (!entry) {
    const llama = getLlama({ gpu, logLevel: LlamaLogLevel.error });
    entry = { llama, users: 0 };
    shared.set(gpu, entry);
    // A failed load is not cached: the next caller tries again.
    llama.catch(() => shared.delete(gpu));
  }
  entry.users++;
  return entry.llama;
}

/** Drops a reference; the binding is disposed with the last one, so the process can exit. */
export async function releaseLlama(gpu: GpuSetting): Promise<void> {
  const entry = shared.get(gpu);
  if (!entry) return;
  entry.users--;
  if (entry.users > 0) return;
  shared.delete(gpu);
  await (await entry.llama).dispose();
}
