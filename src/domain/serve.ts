import type { Example } from "./task.js";

/**
 * The aspects a serving request may name, in the spelling of the OpenAI request's `metadata` keys
 * (`task_type`, `domain`, `reasoning`) and of the `x-slm-*` headers.
 */
export const REQUEST_ASPECTS = ["task_type", "domain", "reasoning"] as const;
export type RequestAspect = (typeof REQUEST_ASPECTS)[number];

/** Entity names per aspect, as the request gave them (e.g. `{ task_type: "Textual Entailment" }`). */
export type RequestAspects = Partial<Record<RequestAspect, string>>;

/** The text a route puts around the request's input: the paper's prompt built from a definition and examples. */
export interface RoutePrompt {
  /** Task definition to prepend; "" for none. */
  definition: string;
  examples: Example[];
}

/** One row of a routing table: requests carrying `aspect = entity` go to `models`, best first. */
export interface RouteEntry {
  name: string;
  aspect: RequestAspect;
  entity: string;
  /** Served model names, in order of preference: the next one serves when the previous fails. */
  models: string[];
  /** The evaluation's prompt style (`<examples>-<def|nodef>`) the route was chosen at, when built from results. */
  style?: string;
  prompt?: RoutePrompt;
}

/**
 * Entity → ordered models (+ prompt style). Written by hand in `serve.yaml` today; generated from evaluation
 * results by `route build` later. `fallback` serves routed requests that match no entry.
 */
export interface RoutingTable {
  routes: RouteEntry[];
  fallback?: { models: string[]; prompt?: RoutePrompt };
}

/** Which models serve one request, and why: the reason goes back to the client in `x-slm-reason`. */
export interface RouteDecision {
  /** Route name; `direct` when the request named a model. */
  route: string;
  models: string[];
  reason: string;
  prompt?: RoutePrompt;
}

/** Assigns aspects to a request that names none, from its text (e.g. the classifier `route classifier` builds). */
export interface RequestClassifier {
  classify(text: string): RequestAspects;
}

/** The seam the server routes through: a static table today, a table built from evaluation results later. */
export interface Router {
  /** `undefined` when nothing routes the request (no matching entry and no fallback). */
  decide(aspects: RequestAspects): RouteDecision | undefined;
}
