import { stringify } from "yaml";
import type { Dataset } from "../data/dataset.js";
import type { RoutePrompt } from "../domain/serve.js";
import { parseStyleId } from "../prompts/style-id.js";
import { type PlannedRoute, REQUEST_ASPECT_OF, type RoutePlan } from "./plan-routes.js";

/** Styles the serve config accepts; published tables of large models carry no style ("published"). */
const PAPER_STYLE_ID = /^\d+-(def|nodef)$/;

/** A route's prompt: the definition (styles with one) and the first k positive examples of an SNI task. */
export function routePromptFromTask(
  style: string,
  task: { definition: string; positiveExamples: RoutePrompt["examples"] },
): RoutePrompt {
  const shape = parseStyleId(style);
  return {
    definition: shape.withDefinition ? task.definition : "",
    examples: task.positiveExamples.slice(0, shape.examples).map(({ input, output }) => ({ input, output })),
  };
}

/** True when a style puts nothing around the request (0 examples, no definition): no task text is needed. */
export function styleNeedsText(style: string): boolean {
  try {
    const shape = parseStyleId(style);
    return shape.withDefinition || shape.examples > 0;
  } catch {
    return false;
  }
}

/**
 * Prompts for routes whose style needs a definition or examples, from the SNI task the route names (the own-run
 * task with most instances) or, for routes from reference tables, the first task of the split carrying the entity.
 * Returns the prompts by route index and one note per route left without its prompt.
 */
export async function loadRoutePrompts(
  routes: readonly PlannedRoute[],
  dataset: Dataset | undefined,
): Promise<{ prompts: Map<number, { prompt: RoutePrompt; task: string }>; notes: string[] }> {
  const prompts = new Map<number, { prompt: RoutePrompt; task: string }>();
  const notes: string[] = [];
  for (const [index, route] of routes.entries()) {
    if (!styleNeedsText(route.style)) continue;
    const label = `${REQUEST_ASPECT_OF[route.aspect]}=${route.entity}`;
    if (!dataset) {
      notes.push(
        `${label}: style ${route.style} needs a task definition/examples; pass --data DIR to include them`,
      );
      continue;
    }
    const meta =
      dataset.tasks.find((task) => task.name === route.task) ??
      dataset.tasks.find((task) => task.aspects[route.aspect].some((value) => value.entity === route.entity));
    if (!meta) {
      notes.push(`${label}: no task of ${dataset.dir} carries this entity; the route has no prompt`);
      continue;
    }
    const task = await dataset.loadTask(meta, 1);
    prompts.set(index, { prompt: routePromptFromTask(route.style, task), task: task.name });
  }
  return { prompts, notes };
}

/**
 * The routing table as a complete `serve.yaml` (models, routes, fallback), so `slm-eval serve --config` loads it as
 * written. Each route keeps the style it was chosen at (`style`) and the task its prompt came from (a comment).
 */
export function routesYaml(
  plan: RoutePlan,
  specs: ReadonlyMap<string, string>,
  prompts: ReadonlyMap<number, { prompt: RoutePrompt; task: string }>,
  header: string,
  classifierFile?: string,
): string {
  const used = new Set([...plan.routes.flatMap((route) => route.models), ...(plan.fallback?.models ?? [])]);
  const config = {
    models: [...used].map((name) => ({ name, spec: specs.get(name) as string })),
    routes: plan.routes.map((route, index) => {
      const prompt = prompts.get(index);
      return {
        name: `${REQUEST_ASPECT_OF[route.aspect]}:${route.entity}`,
        aspect: REQUEST_ASPECT_OF[route.aspect],
        entity: route.entity,
        models: route.models,
        ...(PAPER_STYLE_ID.test(route.style) ? { style: route.style } : {}),
        ...(prompt ? { prompt: prompt.prompt } : {}),
      };
    }),
    ...(plan.fallback ? { fallback: { models: plan.fallback.models } } : {}),
    ...(classifierFile ? { classifier: classifierFile } : {}),
  };
  const body = stringify(config, { lineWidth: 0 });
  return `${header
    .split("\n")
    .map((line) => `# ${line}`.trimEnd())
    .join("\n")}\n${body}`;
}
