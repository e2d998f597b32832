import { ResultsStore, StoreNotFoundError } from "../store/results-store.js";
import { UsageError } from "./errors.js";

/** Opens a store that must already exist; a missing or too new store file is bad input (exit 2). */
export async function openExistingStore(file: string): Promise<ResultsStore> {
  try {
    return await ResultsStore.open(file, { mustExist: true });
  } catch (error) {
    if (error instanceof StoreNotFoundError) throw new UsageError(`--store: ${error.message}`);
    throw error;
  }
}
