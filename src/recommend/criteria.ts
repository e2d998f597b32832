import { UsageError } from "../cli/errors.js";
import { closestNames } from "../data/closest-names.js";
import { groupOf } from "../data/taxonomy.js";
import type { ResolvedCriterion } from "../domain/recommend.js";
import type { Aspect } from "../domain/task.js";
import type { Taxonomy } from "../domain/taxonomy.js";

/** One name the user asked for, e.g. `{ aspect: "domains", name: "News" }`. */
export interface RequestedAspect {
  aspect: Aspect;
  name: string;
}

/** What a name means before data is looked at: an entity, or a taxonomy group standing for its entities. */
type NamedTarget =
  | { level: "entity"; entity: string }
  | { level: "group"; group: string; entities: string[] };

const ASPECT_FLAG: Record<Aspect, string> = {
  "task-types": "--task-types",
  domains: "--domains",
  reasoning: "--reasoning",
};

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Finds a name among the taxonomy's groups and entities and the entities the results know, case-insensitively.
 * An unknown name is bad input naming the closest known names.
 */
export function identifyName(
  requested: RequestedAspect,
  taxonomy: Taxonomy,
  knownEntities: ReadonlySet<string>,
): NamedTarget {
  const { aspect, name } = requested;
  const group = taxonomy[aspect].find((candidate) => sameName(candidate.name, name));
  if (group) return { level: "group", group: group.name, entities: group.entities };
  const entities = new Set([
    ...knownEntities,
    ...taxonomy[aspect].flatMap((candidate) => candidate.entities),
  ]);
  const entity = [...entities].find((candidate) => sameName(candidate, name));
  if (entity) return { level: "entity", entity };
  const suggestions = closestNames(name, [
    ...entities,
    ...taxonomy[aspect].map((candidate) => candidate.name),
  ]);
  throw new UsageError(
    `${ASPECT_FLAG[aspect]}: unknown entity or group "${name}"; closest: ${suggestions.map((s) => `"${s}"`).join(", ")}`,
  );
}

/**
 * The criterion one source of results scores a name by. An entity with too little data in that source (as
 * `hasEnoughData` judges) is replaced by its taxonomy group, and the criterion says so.
 */
export function resolveCriterion(
  requested: RequestedAspect,
  target: NamedTarget,
  taxonomy: Taxonomy,
  hasEnoughData: (aspect: Aspect, entity: string) => boolean,
): ResolvedCriterion {
  const { aspect } = requested;
  if (target.level === "group") {
    return {
      aspect,
      requested: requested.name,
      level: "group",
      group: target.group,
      entities: target.entities,
    };
  }
  if (hasEnoughData(aspect, target.entity)) {
    return { aspect, requested: requested.name, level: "entity", entities: [target.entity] };
  }
  const group = groupOf(taxonomy, aspect, target.entity);
  const entities = taxonomy[aspect].find((candidate) => candidate.name === group)?.entities ?? [];
  if (!group || entities.length === 0) {
    return { aspect, requested: requested.name, level: "entity", entities: [target.entity] };
  }
  return {
    aspect,
    requested: requested.name,
    level: "group",
    group,
    entities,
    fallback: `too little data for ${target.entity}; scored on its group ${group} (${entities.join(", ")})`,
  };
}
