import type { MetricName } from "../../domain/metric.js";
import { availableMetrics } from "../../metrics/scorers.js";
import { UsageError } from "../errors.js";

/** Parses `--metrics a,b,c` against the registered scorers; duplicates collapse, unknown names are bad usage. */
export function parseMetricList(list: string): MetricName[] {
  const names = list
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const available = availableMetrics();
  const unknown = names.filter((name) => !available.includes(name as MetricName));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--metrics: ${names.length === 0 ? "no metric given" : `unknown metric ${unknown.join(", ")}`}; ` +
        `expected a comma-separated list of ${available.join(", ")}`,
    );
  }
  return [...new Set(names)] as MetricName[];
}
