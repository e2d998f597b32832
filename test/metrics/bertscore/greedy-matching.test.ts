import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EncodedText, greedyMatch } from "../../../src/metrics/bertscore/greedy-matching.js";

/** Unit vectors in the plane at the given angles (degrees). */
function text(angles: number[]): EncodedText {
  const embeddings = new Float32Array(angles.length * 2);
  angles.forEach((angle, row) => {
    embeddings[row * 2] = Math.cos((angle * Math.PI) / 180);
    embeddings[row * 2 + 1] = Math.sin((angle * Math.PI) / 180);
  });
  return { tokenIds: Int32Array.from(angles, (_, i) => i), embeddings, dimension: 2 };
}

const cos = (degrees: number) => Math.cos((degrees * Math.PI) / 180);

describe("greedy max-cosine matching", () => {
  // Candidate tokens at 0°, 90°; reference tokens at 0°, 60°, 180°.
  const candidate = text([0, 90]);
  const reference = text([0, 60, 180]);

  it("averages each token's best cosine with the other side, weighted", () => {
    const result = greedyMatch(candidate, Float64Array.of(1, 1), reference, Float64Array.of(1, 1, 1));
    // Candidate: 0° best matches 0° (1); 90° best matches 60° (cos 30°).
    const precision = (1 + cos(30)) / 2;
    // Reference: 0° → 1; 60° → 90° (cos 30°); 180° → 90° (cos 90° = 0).
    const recall = (1 + cos(30) + cos(90)) / 3;
    assert.ok(Math.abs(result.precision - precision) < 1e-6);
    assert.ok(Math.abs(result.recall - recall) < 1e-6);
    assert.ok(Math.abs(result.f1 - (2 * precision * recall) / (precision + recall)) < 1e-6);
  });

  it("uses the weights as a weighted mean, and lets zero-weight tokens still be matched", () => {
    // The 0° reference token weighs 0 (a special token): it still serves as the candidate's best match.
    const result = greedyMatch(candidate, Float64Array.of(3, 1), reference, Float64Array.of(0, 2, 2));
    const precision = (3 * 1 + 1 * cos(30)) / 4;
    const recall = (2 * cos(30) + 2 * cos(90)) / 4;
    assert.ok(Math.abs(result.precision - precision) < 1e-6);
    assert.ok(Math.abs(result.recall - recall) < 1e-6);
  });

  it("keeps a negative best cosine rather than clamping it", () => {
    const result = greedyMatch(text([0]), Float64Array.of(1), text([120, 240]), Float64Array.of(1, 1));
    assert.ok(Math.abs(result.precision - cos(120)) < 1e-6);
  });

  it("scores 0 on a side whose weights are all 0", () => {
    const result = greedyMatch(candidate, Float64Array.of(0, 0), reference, Float64Array.of(1, 1, 1));
    assert.equal(result.precision, 0);
    assert.ok(result.recall > 0);
  });
});
