import type { GgufFileInfo } from "node-llama-cpp";

/**
 * The model's parameter count: `general.parameter_count` when the GGUF file states it, otherwise the sum of the
 * element counts of its tensors (what llama.cpp itself reports as n_params).
 */
export function ggufParameterCount(info: GgufFileInfo): number | undefined {
  const stated = (info.metadata.general as { parameter_count?: number | bigint } | undefined)
    ?.parameter_count;
  if (stated !== undefined && Number(stated) > 0) return Number(stated);
  const tensors = info.fullTensorInfo ?? info.tensorInfo;
  if (!tensors || tensors.length === 0) return undefined;
  let total = 0;
  for (const tensor of tensors) {
    total += tensor.dimensions.reduce<number>((product, dimension) => product * Number(dimension), 1);
  }
  return total;
}
