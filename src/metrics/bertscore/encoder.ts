import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import path from "node:path";
import { AutoModel, AutoTokenizer, env, type PreTrainedModel, Tensor } from "@huggingface/transformers";
import type { EncodedText } from "./greedy-matching.js";
import { BertScoreModelError } from "./model-error.js";

/** The fp32 ONNX export transformers.js loads by default (`dtype: "fp32"`). */
const ONNX_FILE = "onnx/model.onnx";
const LOCAL_FOLDER_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", ONNX_FILE];

export interface BertEncoderOptions {
  /** Hub id or local folder in the transformers.js layout (config.json, tokenizer files, onnx/model.onnx). */
  model: string;
  /** Hidden-state index (bert_score's `num_layers`); default: the last layer (`last_hidden_state`). */
  layer?: number;
}

/** A contextual encoder: tokenizes like bert_score's `sent_encode` and embeds batches of token sequences. */
export interface BertEncoder {
  readonly model: string;
  readonly modelSource: "hub" | "local";
  readonly onnxFile: string;
  readonly onnxSha256: string;
  readonly layer: number | null;
  readonly layerOutput: string;
  readonly maxLength: number;
  /** Ids the tokenizer's template adds around every text ([CLS]/[SEP], <s>/</s>). */
  readonly specialTokenIds: ReadonlySet<number>;
  tokenize(text: string): Int32Array;
  /** Embeds the sequences as one padded batch; each result row is L2-normalised. */
  embed(sequences: readonly Int32Array[]): Promise<EncodedText[]>;
  close(): Promise<void>;
}

export async function loadBertEncoder(options: BertEncoderOptions): Promise<BertEncoder> {
  const source = resolveModelSource(options.model);
  const loadName = source.kind === "local" ? source.folder : options.model;
  // Local folders load with remote access off, so a typo never turns into a download attempt.
  env.allowLocalModels = true;
  env.allowRemoteModels = source.kind === "hub";
  let model: PreTrainedModel;
  let tokenizer: Awaited<ReturnType<typeof AutoTokenizer.from_pretrained>>;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(loadName);
    model = await AutoModel.from_pretrained(loadName, { dtype: "fp32" });
  } catch (error) {
    throw new Error(
      `cannot load the BERTScore model ${JSON.stringify(options.model)} ` +
        `(${source.kind === "local" ? "local folder" : "Hugging Face hub id"}): ${(error as Error).message}`,
    );
  }
  try {
    const onnxPath =
      source.kind === "local" ? path.join(source.folder, ONNX_FILE) : findCachedHubFile(options.model);
    const onnxSha256 = await sha256File(onnxPath);
    const session = model.sessions.model as { inputNames: string[]; outputNames: string[] };
    const numHiddenLayers = hiddenLayerCount(model.config as unknown as Record<string, unknown>);
    const { layer, layerOutput } = chooseLayerOutput(options.layer, numHiddenLayers, session.outputNames);
    const maxLength = maxSequenceLength(
      Number(tokenizer.model_max_length),
      (model.config as unknown as Record<string, unknown>).max_position_embeddings,
    );
    const specialTokenIds = new Set(tokenizer.encode(""));
    // bert_score encodes RoBERTa/GPT-2 style (byte-level BPE) texts with add_prefix_space=True.
    const prefixSpace = usesByteLevelPreTokenizer(
      (tokenizer as unknown as { _tokenizerJSON?: { pre_tokenizer?: unknown } })._tokenizerJSON
        ?.pre_tokenizer,
    );
    const padId = tokenizer.pad_token_id ?? 0;
    const needsTokenTypes = session.inputNames.includes("token_type_ids");

    return {
      model: source.kind === "local" ? source.folder : options.model,
      modelSource: source.kind,
      onnxFile: ONNX_FILE,
      onnxSha256,
      layer,
      layerOutput,
      maxLength,
      specialTokenIds,
      tokenize(text: string): Int32Array {
        const stripped = text.trim();
        if (stripped === "") return Int32Array.from(specialTokenIds.size > 0 ? tokenizer.encode("") : []);
        const input = prefixSpace ? ` ${stripped}` : stripped;
        const full = tokenizer.encode(input);
        if (full.length <= maxLength) return Int32Array.from(full);
        // Truncate the text's own tokens and keep the template's, like transformers' truncation=True
        // (transformers.js' truncation cuts the closing [SEP] / </s> off).
        const content = tokenizer.encode(input, { add_special_tokens: false });
        let prefixLength = 0;
        while (specialTokenIds.has(full[prefixLength] as number)) prefixLength++;
        const suffixLength = full.length - prefixLength - content.length;
        return Int32Array.from([
          ...full.slice(0, prefixLength),
          ...content.slice(0, maxLength - prefixLength - suffixLength),
          ...full.slice(full.length - suffixLength),
        ]);
      },
      async embed(sequences: readonly Int32Array[]): Promise<EncodedText[]> {
        const width = Math.max(...sequences.map((sequence) => sequence.length));
        const ids = new BigInt64Array(sequences.length * width).fill(BigInt(padId));
        const mask = new BigInt64Array(sequences.length * width);
        sequences.forEach((sequence, row) => {
          for (let t = 0; t < sequence.length; t++) {
            ids[row * width + t] = BigInt(sequence[t] as number);
            mask[row * width + t] = 1n;
          }
        });
        const dims = [sequences.length, width];
        const inputs: Record<string, Tensor> = {
          input_ids: new Tensor("int64", ids, dims),
          attention_mask: new Tensor("int64", mask, dims),
        };
        if (needsTokenTypes) inputs.token_type_ids = new Tensor("int64", new BigInt64Array(ids.length), dims);
        const outputs = (await model(inputs)) as Record<string, Tensor>;
        const hidden = outputs[layerOutput];
        if (!hidden) throw new Error(`the BERTScore model returned no ${layerOutput} output`);
        const dimension = hidden.dims[2] as number;
        const data = hidden.data as Float32Array;
        return sequences.map((sequence, row) => ({
          tokenIds: sequence,
          embeddings: normalisedRows(data, row * width * dimension, sequence.length, dimension),
          dimension,
        }));
      },
      async close(): Promise<void> {
        await model.dispose();
      },
    };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

type ModelSource = { kind: "local"; folder: string } | { kind: "hub" };

/** A path that exists (or is written like a path) is a local folder; anything else is a hub id. */
export function resolveModelSource(model: string): ModelSource {
  const writtenAsPath =
    path.isAbsolute(model) || model.startsWith(".") || model.startsWith("~") || model.includes("\\");
  if (!writtenAsPath && !existsSync(model)) return { kind: "hub" };
  const folder = path.resolve(model);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new BertScoreModelError(
      `BERTScore model folder not found: ${folder} (expected a folder with ${LOCAL_FOLDER_FILES.join(", ")}, or a Hugging Face hub id)`,
    );
  }
  const missing = LOCAL_FOLDER_FILES.filter((file) => !existsSync(path.join(folder, file)));
  if (missing.length > 0) {
    throw new BertScoreModelError(
      `BERTScore model folder ${folder} is missing ${missing.join(", ")} (expected the transformers.js layout: ${LOCAL_FOLDER_FILES.join(", ")})`,
    );
  }
  return { kind: "local", folder };
}

/**
 * The output holding hidden state `requested`. ONNX exports usually expose only `last_hidden_state`; exports made
 * with all hidden states expose them as `hidden_states.0` … `hidden_states.N`.
 */
export function chooseLayerOutput(
  requested: number | undefined,
  numHiddenLayers: number | null,
  outputNames: readonly string[],
): { layer: number | null; layerOutput: string } {
  if (requested === undefined || requested === numHiddenLayers) {
    if (!outputNames.includes("last_hidden_state")) {
      throw new Error(
        `the BERTScore model has no last_hidden_state output (outputs: ${outputNames.join(", ")})`,
      );
    }
    return { layer: numHiddenLayers, layerOutput: "last_hidden_state" };
  }
  if (
    !Number.isInteger(requested) ||
    requested < 0 ||
    (numHiddenLayers !== null && requested > numHiddenLayers)
  ) {
    throw new Error(
      `BERTScore layer must be an integer from 0 to ${numHiddenLayers ?? "the model's layer count"}, got ${requested}`,
    );
  }
  const name = `hidden_states.${requested}`;
  if (!outputNames.includes(name)) {
    throw new Error(
      `the BERTScore model's ONNX export has no output for layer ${requested} (expected ${name}; outputs: ${outputNames.join(", ")}); ` +
        "export the model with all hidden states, or use the last layer",
    );
  }
  return { layer: requested, layerOutput: name };
}

function hiddenLayerCount(config: Record<string, unknown>): number | null {
  for (const key of ["num_hidden_layers", "n_layers", "num_layers"]) {
    const value = config[key];
    if (typeof value === "number" && Number.isInteger(value)) return value;
  }
  return null;
}

function maxSequenceLength(tokenizerMax: number, maxPositions: unknown): number {
  const limits = [tokenizerMax, typeof maxPositions === "number" ? maxPositions : Number.POSITIVE_INFINITY];
  const limit = Math.min(...limits.filter((value) => Number.isFinite(value) && value > 0));
  return Number.isFinite(limit) ? limit : 512;
}

function usesByteLevelPreTokenizer(preTokenizer: unknown): boolean {
  if (!preTokenizer || typeof preTokenizer !== "object") return false;
  const node = preTokenizer as { type?: string; pretokenizers?: unknown[] };
  if (node.type === "ByteLevel") return true;
  return (node.pretokenizers ?? []).some(usesByteLevelPreTokenizer);
}

function normalisedRows(data: Float32Array, offset: number, rows: number, dimension: number): Float32Array {
  const out = data.slice(offset, offset + rows * dimension);
  for (let row = 0; row < rows; row++) {
    let squares = 0;
    for (let k = 0; k < dimension; k++) squares += (out[row * dimension + k] as number) ** 2;
    const norm = Math.sqrt(squares);
    for (let k = 0; k < dimension; k++)
      out[row * dimension + k] = (out[row * dimension + k] as number) / norm;
  }
  return out;
}

/** The file transformers.js loaded: it looks in its local model folder first, then in its download cache. */
function findCachedHubFile(modelId: string): string {
  const candidates = [env.localModelPath, env.cacheDir]
    .filter((dir): dir is string => typeof dir === "string")
    .map((dir) => path.join(dir, modelId, ONNX_FILE));
  const found = candidates.find((file) => existsSync(file));
  if (!found) {
    throw new Error(
      `cannot find the downloaded ONNX file of ${modelId} to hash it (looked at ${candidates.join(", ")})`,
    );
  }
  return found;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as NodeJS.ArrayBufferView);
  return hash.digest("hex");
}
