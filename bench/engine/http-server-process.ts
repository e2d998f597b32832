/**
 * Child process for bench/engine/http.ts: `slm-eval serve` over the embedded tiny model behind the test proxy, in its
 * own process so that server work does not share the client's event loop. Prints its base URL as the first stdout
 * line; exits when stdin closes.
 */
import { startOpenAITestServer } from "../../test/support/openai-server.js";

const server = await startOpenAITestServer({ modelName: "tiny" });
process.stdout.write(`${server.baseURL}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await server.close();
});
