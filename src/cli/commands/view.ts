import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Command, InvalidArgumentError } from "commander";
import { DEFAULT_METRIC } from "../../analysis/analyze.js";
import { createViewerApp } from "../../report/prediction-viewer.js";
import { DEFAULT_STORE_FILE, ResultsStore } from "../../store/results-store.js";
import { UsageError } from "../errors.js";

interface ViewOptions {
  store: string;
  metric: string;
  port: number;
}

export function registerViewCommand(program: Command): void {
  program
    .command("view")
    .description("Browse every prediction of a store, page by page, in a local web page (127.0.0.1 only).")
    .option("--store <file>", "results store (DuckDB file) to read", DEFAULT_STORE_FILE)
    .option("--metric <name>", "metric shown beside each prediction", DEFAULT_METRIC)
    .option(
      "--port <n>",
      "port to listen on (0 picks a free one)",
      (value: string) => {
        const port = Number(value);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new InvalidArgumentError("a port from 0 to 65535");
        return port;
      },
      8787,
    )
    .addHelpText(
      "after",
      `
The HTML report embeds only a few predictions per model and entity; this viewer pages through all of them
(at most 100 per page), reading only the page shown. It listens on 127.0.0.1 only; stop it with Ctrl-C.

Examples:
  slm-eval view --store results.duckdb
  slm-eval view --store results.duckdb --metric rougeL --port 0`,
    )
    .action(async (options: ViewOptions) => {
      let store: ResultsStore;
      try {
        store = await ResultsStore.open(options.store, { mustExist: true });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const app = createViewerApp(store, options.metric);
      const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
        const started = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: options.port }, () =>
          resolve(started),
        );
        started.once("error", reject);
      });
      const { port } = server.address() as AddressInfo;
      process.stdout.write(`viewing ${options.store} at http://127.0.0.1:${port}/ (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => server.close(() => resolve());
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      store.close();
    });
}
