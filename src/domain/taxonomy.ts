import type { Aspect } from "./task.js";

/** A named group of aspect entities, e.g. the task-type group "Generation". */
export interface TaxonomyGroup {
  name: string;
  /** Entity names as they appear (first path part) in SNI metadata. */
  entities: string[];
}

/**
 * The paper's three-level hierarchy: aspect → group → entity. Loaded from a data file, replaceable by users;
 * entities absent from it still count, with an empty group.
 */
export type Taxonomy = Record<Aspect, TaxonomyGroup[]>;
