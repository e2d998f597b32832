export * from "./analysis.js";
export * from "./metric.js";
export * from "./prediction.js";
export * from "./prompt.js";
export * from "./provider.js";
export * from "./task.js";
export * from "./taxonomy.js";
export * from "./recommend.js";
