import path from "node:path";
import { UsageError } from "../cli/errors.js";
import type { PromptMode } from "../domain/prompt.js";
import type { ModelKind, ModelSpec } from "../domain/provider.js";

/** What the user can set beside the spec string (CLI flags or a config file). */
export interface ModelSpecOverrides {
  label?: string;
  kind?: ModelKind;
  parameters?: number;
  promptMode?: PromptMode;
  /** Name of the environment variable holding the API key (HTTP providers). */
  apiKeyEnv?: string;
  /** Further base URLs serving the same model (HTTP providers); balanced with the spec's own. */
  extraBaseURLs?: string[];
}

export const OLLAMA_BASE_URL = "http://127.0.0.1:11434/v1";
export const OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEEPSEEK_BASE_URL = "https://api.deepseek.com/v1";

const SPEC_FORMS =
  "llama-cpp:PATH_OR_HF_URI, openai-compatible:URL#NAME, ollama:NAME, openai:NAME or deepseek:NAME";

/**
 * Parses a model spec. Without overrides: the label is the model's file or name, the kind is guessed from the name
 * (`instruct`, `chat`, `-it`, `-i` mean instruction-tuned; hosted API models are instruction-tuned), and
 * instruction-tuned models are prompted in chat mode, pretrained ones with the paper's completion text.
 */
export function parseModelSpec(spec: string, overrides: ModelSpecOverrides = {}): ModelSpec {
  const colon = spec.indexOf(":");
  const scheme = colon > 0 ? spec.slice(0, colon) : "";
  const rest = colon > 0 ? spec.slice(colon + 1) : "";
  if (rest.trim() === "") throw new UsageError(`model spec "${spec}": expected ${SPEC_FORMS}`);
  switch (scheme) {
    case "llama-cpp":
      return finish(
        spec,
        { provider: "llama-cpp", model: rest },
        labelFromModelPath(rest),
        undefined,
        overrides,
      );
    case "openai-compatible": {
      const hash = rest.lastIndexOf("#");
      const name = hash >= 0 ? rest.slice(hash + 1) : "";
      const urls =
        hash >= 0
          ? rest
              .slice(0, hash)
              .split(",")
              .map((url) => url.trim())
          : [];
      if (name === "" || urls.length === 0 || urls.some((url) => url === "")) {
        throw new UsageError(
          `model spec "${spec}": expected openai-compatible:URL#NAME (URLs may be comma-separated)`,
        );
      }
      return http(spec, urls, name, undefined, undefined, overrides);
    }
    case "ollama":
      return http(spec, [OLLAMA_BASE_URL], rest, undefined, undefined, overrides);
    case "openai":
      return http(spec, [OPENAI_BASE_URL], rest, "OPENAI_API_KEY", "instruction-tuned", overrides);
    case "deepseek":
      return http(spec, [DEEPSEEK_BASE_URL], rest, "DEEPSEEK_API_KEY", "instruction-tuned", overrides);
    default:
      throw new UsageError(`model spec "${spec}": unknown provider "${scheme}"; expected ${SPEC_FORMS}`);
  }
}

function http(
  spec: string,
  urls: string[],
  model: string,
  apiKeyEnv: string | undefined,
  kind: ModelKind | undefined,
  overrides: ModelSpecOverrides,
): ModelSpec {
  const baseURLs = [...urls, ...(overrides.extraBaseURLs ?? [])].map((url) => checkedURL(spec, url));
  const keyEnv = overrides.apiKeyEnv ?? apiKeyEnv;
  if (keyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) {
    throw new UsageError(
      `model spec "${spec}": API key variable "${keyEnv}" is not an environment variable name`,
    );
  }
  return finish(
    spec,
    {
      provider: "openai-compatible",
      baseURLs: [...new Set(baseURLs)],
      model,
      ...(keyEnv ? { apiKeyEnv: keyEnv } : {}),
    },
    model,
    kind,
    overrides,
  );
}

function finish(
  spec: string,
  target:
    | { provider: "llama-cpp"; model: string }
    | {
        provider: "openai-compatible";
        baseURLs: string[];
        model: string;
        apiKeyEnv?: string;
      },
  defaultLabel: string,
  defaultKind: ModelKind | undefined,
  overrides: ModelSpecOverrides,
): ModelSpec {
  const kind = overrides.kind ?? defaultKind ?? guessKind(defaultLabel);
  if (
    overrides.parameters !== undefined &&
    !(Number.isFinite(overrides.parameters) && overrides.parameters > 0)
  ) {
    throw new UsageError(`model spec "${spec}": parameter count must be a positive number`);
  }
  return {
    ...target,
    spec,
    label: overrides.label ?? defaultLabel,
    kind,
    promptMode: overrides.promptMode ?? (kind === "instruction-tuned" ? "chat" : "completion"),
    ...(overrides.parameters !== undefined ? { parameters: overrides.parameters } : {}),
  };
}

function checkedURL(spec: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `model spec "${spec}": "${url}" is not a URL (expected e.g. http://127.0.0.1:8000/v1)`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`model spec "${spec}": "${url}" must be an http or https URL`);
  }
  if (parsed.username || parsed.password) {
    // The spec is not echoed: it holds the credentials.
    throw new UsageError(
      `model spec for ${parsed.host}: put credentials in an environment variable, not in the URL`,
    );
  }
  return url.replace(/\/+$/, "");
}

/** `/models/gemma-2b-it.Q4_K_M.gguf` → `gemma-2b-it.Q4_K_M`; `hf:org/repo:Q4_K_M` → `repo:Q4_K_M`. */
function labelFromModelPath(model: string): string {
  const base = model.startsWith("hf:") ? (model.slice(3).split("/").pop() ?? model) : path.basename(model);
  return base.replace(/\.gguf$/i, "");
}

function guessKind(name: string): ModelKind {
  return /instruct|chat|(^|[-_.])(it|i)($|[-_.:])/i.test(name) ? "instruction-tuned" : "pretrained";
}
