import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { env } from "@huggingface/transformers";
import {
  type BertEncoder,
  chooseLayerOutput,
  loadBertEncoder,
} from "../../../src/metrics/bertscore/encoder.js";
import { BertScoreModelError, createBertScorer } from "../../../src/metrics/bertscore/index.js";
import { sharedFixture } from "../../fixtures.js";

const modelFolder = sharedFixture("models", "tiny-bert-random");

describe("BERTScore encoder loading", () => {
  it("names a missing model folder", async () => {
    const missing = path.join(tmpdir(), "no-such-bertscore-model");
    await assert.rejects(createBertScorer({ model: missing }), (error: Error) => {
      assert.ok(error instanceof BertScoreModelError, "a bad model folder is bad input");
      assert.match(error.message, /BERTScore model folder not found: .*no-such-bertscore-model/);
      assert.match(error.message, /onnx\/model\.onnx/);
      return true;
    });
  });

  it("names the files an incomplete model folder lacks", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bertscore-model-"));
    try {
      await copyFile(path.join(modelFolder, "config.json"), path.join(dir, "config.json"));
      await assert.rejects(
        createBertScorer({ model: dir }),
        /is missing tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx/,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("reports a corrupt ONNX file as a load failure of that model", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "bertscore-model-"));
    try {
      for (const file of [
        "config.json",
        "tokenizer.json",
        "tokenizer_config.json",
        "special_tokens_map.json",
      ]) {
        await copyFile(path.join(modelFolder, file), path.join(dir, file));
      }
      await mkdir(path.join(dir, "onnx"));
      await writeFile(path.join(dir, "onnx", "model.onnx"), "not an onnx model");
      await assert.rejects(
        createBertScorer({ model: dir }),
        /cannot load the BERTScore model .*\(local folder\)/,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("loads a hub id from transformers.js' model folder and hashes the file it loaded, sending no request", async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? "");
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const saved = { remoteHost: env.remoteHost, localModelPath: env.localModelPath };
    const root = await mkdtemp(path.join(tmpdir(), "bertscore-hub-"));
    try {
      // Any download attempt would reach this local server instead of the hub.
      env.remoteHost = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await mkdir(path.join(root, "test-org"));
      await symlink(modelFolder, path.join(root, "test-org", "tiny-bert-random"));
      env.localModelPath = root;
      const scorer = await createBertScorer({ model: "test-org/tiny-bert-random" });
      await scorer.close();
      assert.equal(scorer.config.modelSource, "hub");
      assert.equal(scorer.config.model, "test-org/tiny-bert-random");
      assert.equal(
        scorer.config.onnxSha256,
        "0f4b8cf5e1796461788324bdff112d359e04a070b2f079ac5246450540f5c0f1",
      );
      assert.deepEqual(requests, []);
    } finally {
      Object.assign(env, saved);
      server.close();
      await rm(root, { recursive: true });
    }
  });

  it("accepts the last layer by number and explains that other layers need an export with hidden states", async () => {
    const scorer = await createBertScorer({ model: modelFolder, layer: 2 });
    assert.equal(scorer.config.layerOutput, "last_hidden_state");
    await scorer.close();
    await assert.rejects(
      createBertScorer({ model: modelFolder, layer: 1 }),
      /no output for layer 1 \(expected hidden_states\.1; outputs: last_hidden_state\)/,
    );
    await assert.rejects(createBertScorer({ model: modelFolder, layer: 3 }), /integer from 0 to 2, got 3/);
  });
});

describe("choosing the hidden-state output", () => {
  const outputs = ["last_hidden_state", ...Array.from({ length: 25 }, (_, i) => `hidden_states.${i}`)];

  it("reads last_hidden_state by default, recording the layer count", () => {
    assert.deepEqual(chooseLayerOutput(undefined, 24, outputs), {
      layer: 24,
      layerOutput: "last_hidden_state",
    });
  });

  it("reads a per-layer output where the export has one (the paper's roberta-large layer 17)", () => {
    assert.deepEqual(chooseLayerOutput(17, 24, outputs), { layer: 17, layerOutput: "hidden_states.17" });
  });

  it("refuses a model without last_hidden_state", () => {
    assert.throws(
      () => chooseLayerOutput(undefined, 2, ["logits"]),
      /no last_hidden_state output \(outputs: logits\)/,
    );
  });
});

describe("BERTScore tokenization (bert_score's sent_encode)", () => {
  let encoder: BertEncoder;
  before(async () => {
    encoder = await loadBertEncoder({ model: modelFolder });
  });
  after(async () => {
    await encoder.close();
  });

  it("wraps texts in [CLS] … [SEP] and marks those as the special tokens", () => {
    assert.deepEqual([...encoder.specialTokenIds].sort(), [101, 102]);
    // bert-base-uncased vocabulary: hello = 7592, world = 2088.
    assert.deepEqual([...encoder.tokenize("Hello world")], [101, 7592, 2088, 102]);
  });

  it("strips surrounding whitespace and leaves only the special tokens of an empty text", () => {
    assert.deepEqual([...encoder.tokenize("  \n Hello world \t")], [...encoder.tokenize("Hello world")]);
    assert.deepEqual([...encoder.tokenize("")], [101, 102]);
    assert.deepEqual([...encoder.tokenize("   ")], [101, 102]);
  });

  it("truncates long texts to the model's maximum length, keeping [CLS] and [SEP]", () => {
    const ids = encoder.tokenize("word ".repeat(1000));
    assert.equal(encoder.maxLength, 512);
    assert.equal(ids.length, 512);
    assert.equal(ids[0], 101);
    assert.equal(ids[511], 102);
  });

  it("embeds a padded batch into unit-length rows, one per real token", async () => {
    const [short, long] = await encoder.embed([
      encoder.tokenize("Hi"),
      encoder.tokenize("A longer sentence here."),
    ]);
    assert.ok(short && long);
    assert.equal(short.dimension, 32);
    assert.equal(short.embeddings.length, short.tokenIds.length * 32);
    assert.equal(long.embeddings.length, long.tokenIds.length * 32);
    for (let row = 0; row < long.tokenIds.length; row++) {
      const norm = Math.hypot(...long.embeddings.subarray(row * 32, row * 32 + 32));
      assert.ok(Math.abs(norm - 1) < 1e-5);
    }
  });
});

describe("BERTScore tokenization with a RoBERTa-style byte-level BPE tokenizer", () => {
  // The fixture encoder behind a byte-level tokenizer: <s>=0 <pad>=1 </s>=2 <unk>=3, then one token per byte (GPT-2's
  // byte-to-character table), no merges. Enough to see how texts are cut and wrapped, as for roberta-large.
  let dir: string;
  let encoder: BertEncoder;
  const byteToken = gpt2ByteCharacters();
  const id = (character: string) => 4 + byteToken.indexOf(character);

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "bertscore-bytelevel-"));
    await copyFile(path.join(modelFolder, "config.json"), path.join(dir, "config.json"));
    await symlink(path.join(modelFolder, "onnx"), path.join(dir, "onnx"));
    const specials = ["<s>", "<pad>", "</s>", "<unk>"];
    const vocab = Object.fromEntries([...specials, ...byteToken].map((token, index) => [token, index]));
    const tokenizer = {
      version: "1.0",
      truncation: null,
      padding: null,
      added_tokens: specials.map((content, index) => ({
        id: index,
        content,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      })),
      normalizer: null,
      pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
      post_processor: {
        type: "RobertaProcessing",
        sep: ["</s>", 2],
        cls: ["<s>", 0],
        trim_offsets: true,
        add_prefix_space: false,
      },
      decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: "BPE",
        dropout: null,
        unk_token: null,
        continuing_subword_prefix: "",
        end_of_word_suffix: "",
        fuse_unk: false,
        byte_fallback: false,
        vocab,
        merges: [],
      },
    };
    await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
    await writeFile(
      path.join(dir, "tokenizer_config.json"),
      JSON.stringify({
        tokenizer_class: "RobertaTokenizer",
        model_max_length: 512,
        bos_token: "<s>",
        eos_token: "</s>",
        pad_token: "<pad>",
        unk_token: "<unk>",
      }),
    );
    encoder = await loadBertEncoder({ model: dir });
  });
  after(async () => {
    await encoder.close();
    await rm(dir, { recursive: true });
  });

  it("gives the first word a leading space, as bert_score's add_prefix_space=True", () => {
    assert.deepEqual([...encoder.tokenize("hi")], [0, id("Ġ"), id("h"), id("i"), 2]);
    assert.deepEqual([...encoder.tokenize("  hi ")], [...encoder.tokenize("hi")]);
  });

  it("treats <s> and </s> as the special tokens and an empty text as <s></s>", () => {
    assert.deepEqual([...encoder.specialTokenIds].sort(), [0, 2]);
    assert.deepEqual([...encoder.tokenize(" ")], [0, 2]);
  });
});

/** GPT-2's printable stand-in character for each byte value (space is Ġ). */
function gpt2ByteCharacters(): string[] {
  const printable = (byte: number) =>
    (byte >= 33 && byte <= 126) || (byte >= 161 && byte <= 172) || byte >= 174;
  let shifted = 0;
  return Array.from({ length: 256 }, (_, byte) =>
    String.fromCodePoint(printable(byte) ? byte : 256 + shifted++),
  );
}
