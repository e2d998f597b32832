import type { Provider } from "../domain/provider.js";
import type { ServedModelConfig } from "./config.js";
import { ModelQueue } from "./model-queue.js";

/** One served model: its backend, loaded once and shared by all requests, behind its bounded queue. */
export interface ServedModel {
  name: string;
  provider: Provider;
  queue: ModelQueue;
}

/** Builds the backend for a configured model (embedded GGUF or upstream endpoint) from its spec. */
export type OpenProvider = (model: ServedModelConfig) => Promise<Provider>;

/** The served models by name. Closing the pool releases every backend so the process can exit. */
export class ModelPool {
  private constructor(private readonly models: Map<string, ServedModel>) {}

  /** Opens the models one after another (loads are memory-heavy); on failure closes those already open. */
  static async open(configs: ServedModelConfig[], openProvider: OpenProvider): Promise<ModelPool> {
    const models = new Map<string, ServedModel>();
    try {
      for (const config of configs) {
        const provider = await openProvider(config);
        models.set(config.name, {
          name: config.name,
          provider,
          queue: new ModelQueue(config.concurrency, config.maxQueue),
        });
      }
    } catch (error) {
      await Promise.allSettled([...models.values()].map((model) => model.provider.close()));
      throw error;
    }
    return new ModelPool(models);
  }

  get(name: string): ServedModel | undefined {
    return this.models.get(name);
  }

  names(): string[] {
    return [...this.models.keys()];
  }

  all(): ServedModel[] {
    return [...this.models.values()];
  }

  async close(): Promise<void> {
    const results = await Promise.allSettled(this.all().map((model) => model.provider.close()));
    const failed = results.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  }
}
