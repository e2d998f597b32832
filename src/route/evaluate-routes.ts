import type { RequestAspect, RouteEntry, RoutePrompt, RoutingTable } from "../domain/serve.js";
import type { Aspect } from "../domain/task.js";
import { formatParameterCount } from "../recommend/constraints.js";
import { REQUEST_ASPECT_OF } from "./plan-routes.js";
import { type ReplayData, taskOfKey } from "./replay-data.js";

/** Requests one route (or the fallback) received in the replay, and the (model, style) that answered them. */
export interface RoutedShare {
  route: string;
  model: string;
  style: string;
  requests: number;
}

export interface SingleModelResult {
  model: string;
  /** The model's best style over all its stored instances: one style for every request. */
  style: string;
  score: number;
  parameters?: number;
}

/** One point of the cost/size trade-off: routes switched to the largest model, in order of gain. */
export interface TradeOffPoint {
  shareToLargest: number;
  score: number;
  /** Routes (groups of requests) sent to the largest model at this point. */
  switched: string[];
}

export interface RoutingEvaluation {
  metric: string;
  /** Instances every compared choice has a stored value for: the replayed requests. */
  instances: number;
  /** Stored instances left out because the routed choice or a single model has no value for them. */
  skipped: number;
  routed: { score: number; shareToLargest: number; meanParameters?: number; routes: RoutedShare[] };
  singles: SingleModelResult[];
  oracle: { score: number };
  largestModel?: string;
  curve: TradeOffPoint[];
  verdict: { worthServing: boolean; message: string };
  notes: string[];
}

const ASPECT_OF: Record<RequestAspect, Aspect> = Object.fromEntries(
  Object.entries(REQUEST_ASPECT_OF).map(([aspect, request]) => [request, aspect]),
) as Record<RequestAspect, Aspect>;

/** As the server compares entities: first path part, case-insensitive. */
function entityKey(value: string): string {
  return (value.split("->")[0] ?? "").trim().toLowerCase();
}

function styleOfPrompt(prompt: RoutePrompt | undefined): string {
  return `${prompt?.examples.length ?? 0}-${prompt?.definition ? "def" : "nodef"}`;
}

function styleRank(style: string): number {
  const match = /^(\d+)-(def|nodef)$/.exec(style);
  return match ? (match[2] === "def" ? 0 : 1000) + Number(match[1]) : 10_000;
}

/**
 * The route a request from `task` takes: the first route (table order) whose aspect the task carries the entity
 * of — a replayed request names all its task's aspects — else the fallback, as `serve` decides.
 */
function routeFor(table: RoutingTable, entities: Record<Aspect, string[]>): RouteEntry | undefined {
  return table.routes.find((route) =>
    entities[ASPECT_OF[route.aspect]].some((entity) => entityKey(entity) === entityKey(route.entity)),
  );
}

/**
 * Replays stored predictions through a routing table: the routed mix against each single model (at its best
 * style) and the per-instance oracle (best stored value of any model and style), plus the cost/size trade-off.
 * `models` lists the served models in config order (the default fallback, as in serve).
 */
export function evaluateRouting(
  data: ReplayData,
  table: RoutingTable,
  models: readonly string[],
): RoutingEvaluation {
  const notes: string[] = [];
  const stored = new Set<string>();
  for (const byModel of data.values.values()) for (const model of byModel.keys()) stored.add(model);
  const candidates = models.filter((model) => stored.has(model));
  for (const model of models) {
    if (!stored.has(model)) notes.push(`${model}: no stored predictions; left out of the comparison`);
  }

  // Each model's single best style over all its stored instances.
  const singles: SingleModelResult[] = candidates.map((model) => {
    const sums = new Map<string, { sum: number; count: number }>();
    for (const byModel of data.values.values()) {
      for (const [style, value] of byModel.get(model) ?? []) {
        const total = sums.get(style) ?? { sum: 0, count: 0 };
        sums.set(style, { sum: total.sum + value, count: total.count + 1 });
      }
    }
    const [style] = [...sums.entries()].sort(
      ([a, x], [b, y]) => y.sum / y.count - x.sum / x.count || styleRank(a) - styleRank(b),
    )[0] as [string, unknown];
    const parameters = data.parameters.get(model);
    return { model, style, score: 0, ...(parameters === undefined ? {} : { parameters }) };
  });
  const bestStyle = new Map(singles.map((single) => [single.model, single.style]));

  const fallbackModel = (table.fallback?.models ?? models)[0];
  const fallbackStyle = table.fallback?.prompt ? styleOfPrompt(table.fallback.prompt) : undefined;
  if (!table.fallback?.prompt) {
    notes.push(
      "the fallback names no prompt style: its requests are replayed at the model's best overall style",
    );
  }
  const mismatched = table.routes.filter(
    (route) =>
      route.style &&
      route.style !== styleOfPrompt(route.prompt) &&
      !(route.style === "0-nodef" && !route.prompt),
  );
  if (mismatched.length > 0) {
    notes.push(
      `replayed at their recorded style, though serve would wrap requests as their prompt says (build with --data ` +
        `to include definitions/examples): ${mismatched.map((route) => `${route.name} (${route.style} vs prompt ${styleOfPrompt(route.prompt)})`).join(", ")}`,
    );
  }
  notes.push(
    "when the table was built from this same store, these figures are in-sample (optimistic for the router)",
  );

  interface Replayed {
    key: string;
    route: string;
    model: string;
    style: string;
    value: number;
  }
  const replayed: Replayed[] = [];
  let skipped = 0;
  for (const [key, byModel] of data.values) {
    const entities = data.taskEntities.get(taskOfKey(key));
    if (!entities) continue;
    const route = routeFor(table, entities);
    const model = route ? route.models[0] : fallbackModel;
    const style = route
      ? (route.style ?? styleOfPrompt(route.prompt))
      : (fallbackStyle ?? bestStyle.get(model ?? ""));
    const value = model && style ? byModel.get(model)?.get(style) : undefined;
    const complete = singles.every((single) => byModel.get(single.model)?.has(single.style));
    if (value === undefined || !model || !style || !complete) {
      skipped++;
      continue;
    }
    replayed.push({ key, route: route?.name ?? "fallback", model, style, value });
  }
  if (skipped > 0) {
    notes.push(
      `${skipped} stored instance(s) left out: the routed model/style or a single model has no value there`,
    );
  }

  const n = replayed.length;
  const storedValue = (key: string, model: string, style: string): number =>
    data.values.get(key)?.get(model)?.get(style) as number;
  const mean = (values: number[]): number =>
    values.length > 0 ? (values.reduce((a, b) => a + b, 0) / values.length) * 100 : 0;
  for (const single of singles)
    single.score = mean(replayed.map((r) => storedValue(r.key, single.model, single.style)));
  const oracle = mean(
    replayed.map((r) =>
      Math.max(...candidates.flatMap((model) => [...(data.values.get(r.key)?.get(model)?.values() ?? [])])),
    ),
  );

  const sized = singles.filter((single) => single.parameters !== undefined);
  const largest = [...sized].sort((a, b) => (b.parameters as number) - (a.parameters as number))[0];
  const shares = new Map<string, RoutedShare>();
  for (const r of replayed) {
    const id = `${r.route}\u0000${r.model}\u0000${r.style}`;
    const share = shares.get(id) ?? { route: r.route, model: r.model, style: r.style, requests: 0 };
    share.requests++;
    shares.set(id, share);
  }
  const toLargest = largest ? replayed.filter((r) => r.model === largest.model).length : 0;
  const allSized = replayed.every((r) => data.parameters.has(r.model));
  const routed = {
    score: mean(replayed.map((r) => r.value)),
    shareToLargest: n > 0 ? toLargest / n : 0,
    ...(allSized && n > 0
      ? { meanParameters: replayed.reduce((sum, r) => sum + (data.parameters.get(r.model) as number), 0) / n }
      : {}),
    routes: [...shares.values()].sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : 1)),
  };

  const curve = largest ? tradeOffCurve(replayed, singles, largest, storedValue) : [];
  if (!largest) notes.push("no model has a known parameter count: no cost/size trade-off");
  return {
    metric: data.metric,
    instances: n,
    skipped,
    routed,
    singles: [...singles].sort((a, b) => b.score - a.score),
    oracle: { score: oracle },
    ...(largest ? { largestModel: largest.model } : {}),
    curve,
    verdict: verdictOf(routed, singles, largest),
    notes,
  };
}

/**
 * Score against the share of requests sent to the largest model: every route group starts on the best other model
 * (each at its best overall style), then groups switch to the largest model in order of the points they gain.
 */
function tradeOffCurve(
  replayed: ReadonlyArray<{ key: string; route: string }>,
  singles: readonly SingleModelResult[],
  largest: SingleModelResult,
  storedValue: (key: string, model: string, style: string) => number,
): TradeOffPoint[] {
  const others = singles.filter((single) => single.model !== largest.model);
  const groups = new Map<string, string[]>();
  for (const r of replayed) groups.set(r.route, [...(groups.get(r.route) ?? []), r.key]);
  const n = replayed.length;
  const entries = [...groups.entries()].map(([route, keys]) => {
    const large = keys.reduce((sum, key) => sum + storedValue(key, largest.model, largest.style), 0);
    const small =
      others.length === 0
        ? large
        : Math.max(
            ...others.map((o) => keys.reduce((sum, key) => sum + storedValue(key, o.model, o.style), 0)),
          );
    return { route, requests: keys.length, small, gain: large - small };
  });
  entries.sort((a, b) => b.gain - a.gain || (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
  let total = entries.reduce((sum, entry) => sum + entry.small, 0);
  let sent = 0;
  const switched: string[] = [];
  const points: TradeOffPoint[] = [{ shareToLargest: 0, score: (total / n) * 100, switched: [] }];
  for (const entry of entries) {
    total += entry.gain;
    sent += entry.requests;
    switched.push(entry.route);
    points.push({ shareToLargest: sent / n, score: (total / n) * 100, switched: [...switched] });
  }
  return points;
}

function verdictOf(
  routed: RoutingEvaluation["routed"],
  singles: readonly SingleModelResult[],
  largest: SingleModelResult | undefined,
): RoutingEvaluation["verdict"] {
  const best = [...singles].sort((a, b) => b.score - a.score)[0];
  if (!best) return { worthServing: false, message: "no single model to compare with" };
  const lead = routed.score - best.score;
  const costs =
    routed.meanParameters !== undefined && best.parameters !== undefined
      ? {
          routed: routed.meanParameters,
          single: best.parameters,
          text: `mean ${formatParameterCount(routed.meanParameters)} parameters per request vs ${formatParameterCount(best.parameters)}`,
        }
      : {
          routed: routed.shareToLargest,
          single: largest && best.model === largest.model ? 1 : 0,
          text: `${(routed.shareToLargest * 100).toFixed(1)}% of requests to the largest model vs ${largest && best.model === largest.model ? "100" : "0"}%`,
        };
  const named = `${best.model} (${best.style}, ${best.score.toFixed(1)})`;
  if (lead > 0 && costs.routed < costs.single) {
    return {
      worthServing: true,
      message: `the router beats the best single model ${named} by ${lead.toFixed(1)} points at lower cost (${costs.text}): worth serving`,
    };
  }
  if (lead > 0) {
    return {
      worthServing: false,
      message: `the router beats the best single model ${named} by ${lead.toFixed(1)} points but not at lower cost (${costs.text}): it is not cheaper than serving ${best.model} alone`,
    };
  }
  return {
    worthServing: false,
    message: `the router does not beat the best single model ${named} (routed ${routed.score.toFixed(1)}): serve ${best.model} alone`,
  };
}
