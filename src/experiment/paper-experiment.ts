/**
 * The example `slm-eval init` writes: the paper's study as one experiment file. Kept as commented YAML text (not
 * generated from an object) because the comments are the point: they explain each choice to the user.
 */
export const PAPER_EXPERIMENT_YAML = `# The study of "Are Small Language Models Ready to Compete with Large Language Models for Practical
# Applications?" (Sinha, Jain, Chadha, 2024) as one slm-eval experiment.
#   slm-eval run experiment.yaml --dry-run     # the plan, prompt tokens, a time estimate
#   slm-eval run experiment.yaml               # resumable: rerun after an interruption or an edit
#   slm-eval run experiment.yaml --shard 2/8   # one eighth of the instances (merge with slm-eval store merge)
# Every key is described in docs/experiments.md. Relative paths are read from this file's folder.
name: paper-study
store: results.duckdb   # with --shard I/N: results.shard-I-of-N.duckdb
seed: 0                 # example selection (and sampling) seed

# The paper's ten small models. GGUF files are downloaded by name from Hugging Face on first use (hf:USER/REPO:QUANT
# or hf:USER/REPO/FILE.gguf); the Google repos are gated (accept the licence, set HF_TOKEN). To serve a model from
# vLLM, TGI or Ollama instead, write e.g. spec: openai-compatible:http://gpu-1:8000/v1#google/gemma-2b and list
# further servers of the same model under endpoints: (requests are balanced over them).
# Pretrained models get the paper's completion prompt; instruction-tuned ones the same text as a chat message.
models:
  - spec: llama-cpp:hf:google/gemma-2b/gemma-2b.gguf
    label: Gemma-2B
    kind: pretrained
    parameters: 2.5e9
  - spec: llama-cpp:hf:google/gemma-7b/gemma-7b.gguf
    label: Gemma-7B
    kind: pretrained
    parameters: 8.5e9
  - spec: llama-cpp:hf:TheBloke/Mistral-7B-v0.1-GGUF:Q4_K_M
    label: Mistral-7B
    kind: pretrained
    parameters: 7.2e9
  - spec: llama-cpp:hf:QuantFactory/Meta-Llama-3-8B-GGUF:Q4_K_M
    label: Llama-3-8B
    kind: pretrained
    parameters: 8.0e9
  - spec: llama-cpp:hf:QuantFactory/falcon-11B-GGUF:Q4_K_M
    label: Falcon-2-11B
    kind: pretrained
    parameters: 11.1e9
  - spec: llama-cpp:hf:google/gemma-2b-it/gemma-2b-it.gguf
    label: Gemma-2B-I
    kind: instruction-tuned
    parameters: 2.5e9
  - spec: llama-cpp:hf:bartowski/Phi-3-mini-128k-instruct-GGUF:Q4_K_M
    label: Phi-3-mini-128k-I
    kind: instruction-tuned
    parameters: 3.8e9
  - spec: llama-cpp:hf:TheBloke/Mistral-7B-Instruct-v0.2-GGUF:Q4_K_M
    label: Mistral-7B-I
    kind: instruction-tuned
    parameters: 7.2e9
  - spec: llama-cpp:hf:google/gemma-7b-it/gemma-7b-it.gguf
    label: Gemma-7B-I
    kind: instruction-tuned
    parameters: 8.5e9
  - spec: llama-cpp:hf:QuantFactory/Meta-Llama-3-8B-Instruct-GGUF:Q4_K_M
    label: Llama-3-8B-I
    kind: instruction-tuned
    parameters: 8.0e9
    # concurrency: 4     # requests in flight (llama.cpp default 1: byte-identical greedy output)
    # threads: 8         # CPU threads for llama.cpp

# The eight prompt styles: {0, 2, 4, 8} positive examples x with/without the task definition.
# Also accepted: a list such as [0-def, 8-nodef], or "all".
styles:
  examples: [0, 2, 4, 8]
  definition: [true, false]

prompt:
  explanations: false   # add each example's explanation after its output
  examples: seeded      # seeded per (seed, task, instance), or "first"
  fit_examples: false   # drop examples until prompt + max_new_tokens fit the context

# Greedy decoding is the headline; the sampling study compares top-k = 10 and top-p = 0.9 (temperature 1).
# Each seed of a sampled setting is a run of its own. \`styles:\` restricts a setting to some styles, e.g. the ones
# the greedy results found best.
decoding:
  max_new_tokens: 512
  variants:
    - name: greedy
    - name: top-k
      top_k: 10
      seeds: [0]
    - name: top-p
      top_p: 0.9
      seeds: [0]

# The robustness study: the definition replaced by a paraphrase (same information, other words) or by an
# adversarial rewrite (looks legitimate, subtly changed), at 0 examples with greedy decoding. Write the files with
#   slm-eval definitions generate --kind paraphrase --model openai:gpt-4o --data sni --out paraphrased_definitions.csv
#   slm-eval definitions generate --kind adversarial --model openai:gpt-4o --data sni --out adversarial_definitions.csv
# or bring the paper kit's metadata files (same layout: id,definition,<variant>_definition).
definition_variants:
  - variant: paraphrased
    file: paraphrased_definitions.csv
    styles: [0-def]
    decodings: [greedy]
  - variant: adversarial
    file: adversarial_definitions.csv
    styles: [0-def]
    decodings: [greedy]

# The SNI v2 default test split (slm-eval data pull --out sni), English only, at most 100 instances per task.
data:
  dir: sni
  split: test
  instances_per_task: 100
  # tasks: ["task1*"]          # task name globs
  # task_types: [Generation]   # entity or taxonomy group names; also domains:, reasoning:

# Scored after the evaluation. bertscore (the paper's headline, recall) needs an encoder: a transformers.js model
# folder or hub id (the paper used roberta-large).
metrics:
  names: [bleu, rouge, meteor, exact_match, bertscore]
  bertscore_model: FacebookAI/roberta-large
  workers: 2

# Written after the evaluation and scoring (not by a --shard run: merge the shards, then slm-eval report).
report:
  out: report
  metric: bert_score_recall
  png: true
`;
