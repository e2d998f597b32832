import { createHash } from "node:crypto";
import type { Dataset } from "../data/dataset.js";
import type { RequestAspect } from "../domain/serve.js";
import type { Task, TaskMeta } from "../domain/task.js";
import {
  AspectClassifier,
  type AspectClassifierModel,
  type ClassifierDocument,
  trainAspectClassifier,
} from "./aspect-classifier.js";
import { REQUEST_ASPECT_OF } from "./plan-routes.js";

function labelsOf(meta: TaskMeta): Partial<Record<RequestAspect, string[]>> {
  return {
    [REQUEST_ASPECT_OF["task-types"]]: meta.aspects["task-types"].map((value) => value.entity),
    [REQUEST_ASPECT_OF.domains]: meta.aspects.domains.map((value) => value.entity),
    [REQUEST_ASPECT_OF.reasoning]: meta.aspects.reasoning.map((value) => value.entity),
  };
}

/** A task as one training document: its definition, example inputs and instance inputs. */
export function taskDocument(task: Task): ClassifierDocument {
  const text = [
    task.definition,
    ...task.positiveExamples.map((example) => example.input),
    ...task.instances.map((instance) => instance.input),
  ].join("\n");
  return { text, labels: labelsOf(task) };
}

export async function loadTasks(
  dataset: Dataset,
  metas: readonly TaskMeta[],
  instancesPerTask: number,
): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const meta of metas) tasks.push(await dataset.loadTask(meta, instancesPerTask));
  return tasks;
}

export function trainOnTasks(tasks: readonly Task[]): AspectClassifierModel {
  return trainAspectClassifier(tasks.map(taskDocument));
}

/** Task-level split: a task is held out when its seeded hash falls in the held-out fraction. */
export function isHeldOut(task: string, seed: number, fraction: number): boolean {
  const hash = createHash("sha256").update(`${seed}\u0000${task}`).digest().readUInt32LE(0);
  return hash / 2 ** 32 < fraction;
}

export interface AspectAccuracy {
  aspect: RequestAspect;
  /** Held-out instances whose task has an entity for the aspect. */
  instances: number;
  /** Share whose predicted entity is one of the task's entities. */
  accuracy: number;
  /** The same for always predicting the most frequent training entity. */
  majorityBaseline: number;
  majorityEntity: string;
  /** Held-out instances whose task's entities were all absent from training (no classifier can get them). */
  unseenEntityInstances: number;
}

export interface ClassifierEvaluation {
  trainTasks: number;
  testTasks: number;
  aspects: AspectAccuracy[];
}

/**
 * Accuracy on tasks the classifier was not built from: each held-out instance's input alone (what a request
 * carries) is classified; correct when the prediction is one of its task's entities.
 */
export function evaluateClassifier(train: readonly Task[], test: readonly Task[]): ClassifierEvaluation {
  const model = trainOnTasks(train);
  const classifier = new AspectClassifier(model);
  const aspects = (Object.values(REQUEST_ASPECT_OF) as RequestAspect[]).map((aspect): AspectAccuracy => {
    const majority = [...model.aspects[aspect]].sort((a, b) => b.documents - a.documents)[0]?.entity ?? "";
    const known = new Set(model.aspects[aspect].map((entry) => entry.entity));
    let instances = 0;
    let correct = 0;
    let baseline = 0;
    let unseen = 0;
    for (const task of test) {
      const entities = labelsOf(task)[aspect] ?? [];
      if (entities.length === 0) continue;
      const reachable = entities.some((entity) => known.has(entity));
      for (const instance of task.instances) {
        instances++;
        if (!reachable) unseen++;
        if (entities.includes(classifier.classifyAspect(aspect, instance.input) ?? "")) correct++;
        if (entities.includes(majority)) baseline++;
      }
    }
    return {
      aspect,
      instances,
      accuracy: instances > 0 ? correct / instances : 0,
      majorityBaseline: instances > 0 ? baseline / instances : 0,
      majorityEntity: majority,
      unseenEntityInstances: unseen,
    };
  });
  return { trainTasks: train.length, testTasks: test.length, aspects };
}
