import {
  REQUEST_ASPECTS,
  type RequestAspects,
  type RouteDecision,
  type Router,
  type RoutingTable,
} from "../domain/serve.js";

/** Entities compare by their first path part, case-insensitively: "commonsense" matches "Commonsense -> Physical". */
function entityKey(value: string): string {
  return (value.split("->")[0] ?? "").trim().toLowerCase();
}

/**
 * Routes by a fixed table: the first entry (in table order) whose aspect and entity the request names wins;
 * requests matching none go to the table's fallback, when it has one.
 */
export class StaticRouter implements Router {
  constructor(private readonly table: RoutingTable) {}

  decide(aspects: RequestAspects): RouteDecision | undefined {
    for (const route of this.table.routes) {
      const named = aspects[route.aspect];
      if (named !== undefined && entityKey(named) === entityKey(route.entity)) {
        return {
          route: route.name,
          models: route.models,
          reason: `${route.aspect}=${route.entity}`,
          prompt: route.prompt,
        };
      }
    }
    const fallback = this.table.fallback;
    if (!fallback) return undefined;
    const named = REQUEST_ASPECTS.filter((aspect) => aspects[aspect] !== undefined).map(
      (aspect) => `${aspect}=${aspects[aspect]}`,
    );
    return {
      route: "fallback",
      models: fallback.models,
      reason: named.length > 0 ? `no route for ${named.join(",")}` : "no aspects named",
      prompt: fallback.prompt,
    };
  }
}
