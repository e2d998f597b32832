export * from "./build-prompt.js";
export * from "./definition-variants.js";
export * from "./example-selection.js";
export * from "./fit-examples.js";
export * from "./render.js";
export * from "./seeded-random.js";
export * from "./style-id.js";
export * from "./style-identity.js";
