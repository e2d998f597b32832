import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { ResultsStore } from "../../src/store/results-store.js";
import { fillSyntheticStore } from "../analysis/synthetic-store.js";
import { runCli } from "../cli-process.js";
import { repoRoot } from "../fixtures.js";

const CHROMIUM = "/usr/bin/chromium";

describe("the HTML report in a real browser", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "report-browser-"));
  const out = path.join(dir, "report");
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const remoteRequests: string[] = [];

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run this test`,
      );
    }
    const storeFile = path.join(dir, "results.duckdb");
    const store = await ResultsStore.open(storeFile);
    try {
      await fillSyntheticStore(store, {
        models: [
          { label: "Small-1B", kind: "pretrained", quality: 0.55 },
          { label: "Chat-3B-I", kind: "instruction-tuned", quality: 0.7 },
        ],
        styles: ["0-def", "2-def", "4-def", "8-def", "0-nodef", "2-nodef", "4-nodef", "8-nodef"],
        tasks: 24,
        instancesPerTask: 3,
      });
    } finally {
      store.close();
    }
    const report = await runCli([
      "report",
      "--store",
      storeFile,
      "--out",
      out,
      "--no-png",
      "--resamples",
      "200",
    ]);
    assert.equal(report.code, 0, report.stderr);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("request", (request) => {
      if (!request.url().startsWith("file:") && !request.url().startsWith("data:"))
        remoteRequests.push(request.url());
    });
    await page.goto(pathToFileURL(path.join(out, "index.html")).href);
    await page.waitForSelector("#leaderboard-body tr");
  });

  after(async () => {
    await browser?.close();
  });

  it("loads without console errors and without any network request", () => {
    assert.deepEqual(problems, []);
    assert.deepEqual(remoteRequests, []);
  });

  it("renders every chart", async () => {
    const charts = page.locator(".chart");
    const count = await charts.count();
    assert.ok(count >= 5, `expected radar, bar, heatmap and line charts, found ${count}`);
    for (let i = 0; i < count; i++) {
      const chart = charts.nth(i);
      assert.equal(await chart.getAttribute("data-rendered"), "true");
      const shapes = await chart.locator("svg path, svg polyline, svg rect").count();
      assert.ok(shapes > 5, `chart ${await chart.getAttribute("data-chart-id")} drew ${shapes} shapes`);
    }
    for (const kind of ["radar", "bar", "heatmap", "line"]) {
      assert.ok((await page.locator(`#charts-${kind} .chart`).count()) > 0, `a ${kind} chart`);
    }
  });

  it("changes the leaderboard when a filter changes", async () => {
    const before = await page.locator("#leaderboard-body tr").count();
    const modelsBefore = new Set(
      await page
        .locator("#leaderboard-body tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model"))),
    );
    assert.deepEqual([...modelsBefore].sort(), ["Chat-3B-I", "Small-1B"]);
    await page.selectOption("#filter-kind", "instruction-tuned");
    const after = await page.locator("#leaderboard-body tr").count();
    assert.ok(after > 0 && after < before, `${before} rows before, ${after} after`);
    const models = await page
      .locator("#leaderboard-body tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-model")));
    assert.deepEqual([...new Set(models)], ["Chat-3B-I"]);
    await page.fill("#filter-text", "no such entity");
    assert.equal(await page.locator("#leaderboard-body tr").count(), 0);
    assert.equal(await page.locator("#leaderboard-empty").isVisible(), true);
    await page.fill("#filter-text", "");
    await page.selectOption("#filter-kind", "");
  });

  it("sorts the leaderboard by a clicked column", async () => {
    await page.click('#leaderboard th[data-key="value"]');
    const values = await page
      .locator("#leaderboard-body tr td:nth-child(6)")
      .evaluateAll((cells) => cells.map((c) => Number(c.textContent)));
    assert.deepEqual(
      values,
      [...values].sort((a, b) => b - a),
    );
  });

  it("drills down to a prediction with its prompt, output, reference and scores", async () => {
    await page.selectOption("#drill-model", "Small-1B");
    const prediction = page.locator("#drill-results article.prediction").first();
    await prediction.waitFor();
    const text = await prediction.textContent();
    assert.match(text ?? "", /Now complete the following task/);
    assert.match(text ?? "", /output \d+ of model 0/);
    assert.match(text ?? "", /reference \d+/);
    assert.match(text ?? "", /bert_score_recall \d+\.\d\d/);
  });

  it("keeps a screenshot as a test artifact", async () => {
    const artifacts = path.join(repoRoot, "test-artifacts");
    mkdirSync(artifacts, { recursive: true });
    await page.locator("#charts-section").scrollIntoViewIfNeeded();
    const file = path.join(artifacts, "report.png");
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(existsSync(file));
  });
});
