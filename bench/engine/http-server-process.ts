/**
 * Child process for bench/engine/http.ts: the OpenAI-compatible test server over the embedded tiny model, in its own
 * process so that server work does not share the client's event loop. Prints its base URL as the first stdout
 * line; exits when stdin closes.
 */
import { openTinyModel } from "../../test/support/embedded-model.js";
import { startOpenAITestServer } from "../../test/support/openai-server.js";

const model = await openTinyModel();
const server = await startOpenAITestServer({ provider: model, modelName: "tiny" });
process.stdout.write(`${server.baseURL}\n`);
process.stdin.resume();
process.stdin.on("end", async () => {
  await server.close();
  await model.close();
});
