import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { UsageError } from "../../src/cli/errors.js";
import {
  definitionFor,
  loadDefinitionVariants,
  parseDefinitionVariants,
} from "../../src/prompts/definition-variants.js";

// As pandas' to_csv writes the kit's metadata files: quotes around fields with commas, quotes or newlines.
const kitCsv =
  "id,definition,paraphrased_definition\n" +
  'task001,"Answer, briefly.","Give a short answer,\nplease."\n' +
  'task002,Plain,"Say ""yes"" or ""no""."\n';

describe("definition variants files", () => {
  it("read the kit's layout with quoted commas, quotes and newlines", () => {
    const variants = parseDefinitionVariants(kitCsv, "p.csv", "paraphrased");
    assert.equal(variants.byTask.get("task001"), "Give a short answer,\nplease.");
    assert.equal(variants.byTask.get("task002"), 'Say "yes" or "no".');
    assert.equal(variants.byTask.size, 2);
    assert.equal(variants.sha256, createHash("sha256").update(kitCsv, "utf8").digest("hex"));
  });

  it("load from a file, with a byte order mark and CRLF line ends", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "slm-defs-"));
    try {
      const file = path.join(dir, "adversarial_definitions.csv");
      await writeFile(file, "\ufeffid,definition,adversarial_definition\r\ntask9,Real,Wrong one\r\n");
      const variants = await loadDefinitionVariants(file, "adversarial");
      assert.equal(variants.byTask.get("task9"), "Wrong one");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("name the file and the missing column when the header is wrong", () => {
    assert.throws(
      () => parseDefinitionVariants(kitCsv, "p.csv", "adversarial"),
      (error: unknown) =>
        error instanceof UsageError &&
        /p\.csv/.test(error.message) &&
        /adversarial_definition/.test(error.message),
    );
  });

  it("reject broken CSV, repeated ids and unreadable files as bad input", async () => {
    assert.throws(
      () => parseDefinitionVariants('id,paraphrased_definition\nt1,"open quote\n', "b.csv", "paraphrased"),
      /b\.csv: not valid CSV/,
    );
    assert.throws(
      () => parseDefinitionVariants("id,paraphrased_definition\nt1,a\nt1,b\n", "d.csv", "paraphrased"),
      /d\.csv: record 3 repeats id t1/,
    );
    await assert.rejects(loadDefinitionVariants("/nonexistent/p.csv", "paraphrased"), UsageError);
  });

  it("give the definition text for a task and variant", () => {
    const variants = parseDefinitionVariants(kitCsv, "p.csv", "paraphrased");
    assert.equal(definitionFor("task002", "Plain", "original"), "Plain");
    assert.equal(definitionFor("task002", "Plain", "paraphrased", variants), 'Say "yes" or "no".');
    assert.throws(
      () => definitionFor("task404", "x", "paraphrased", variants),
      /no paraphrased_definition for task task404/,
    );
    assert.throws(() => definitionFor("task002", "x", "adversarial", variants), /needs a definitions file/);
  });
});
