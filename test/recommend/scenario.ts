import type { SmallStoreSpec } from "./small-store.js";

/**
 * Three models over six tasks. Big (7B) scores 0.8 everywhere at 0-def and 0.6 at 2-nodef; Small (1B) is weak on
 * entailment (0.5) and strong on generation (0.9) at 0-def, 0.4 at 2-nodef; Twin (1B) is Small ± 0.02 per task,
 * so the two cannot be told apart. Question Rewriting has one task only (too little data for --min-tasks 2).
 */
export const SCENARIO: SmallStoreSpec = {
  models: [
    { label: "Big", spec: "ollama:big", parameters: 7e9 },
    { label: "Small", spec: "llama-cpp:/models/small.gguf", parameters: 1e9 },
    { label: "Twin", spec: "llama-cpp:/models/twin.gguf", parameters: 1e9 },
  ],
  styles: ["0-def", "2-nodef"],
  tasks: [
    {
      name: "e1",
      taskTypes: ["Textual Entailment"],
      domains: ["News"],
      reasoning: ["Deductive Reasoning"],
      instances: 2,
    },
    {
      name: "e2",
      taskTypes: ["Textual Entailment"],
      domains: ["News"],
      reasoning: ["Deductive Reasoning"],
      instances: 2,
    },
    {
      name: "e3",
      taskTypes: ["Textual Entailment"],
      domains: ["Fiction"],
      reasoning: ["Commonsense Reasoning"],
      instances: 2,
    },
    { name: "g1", taskTypes: ["Title Generation"], domains: ["News"], reasoning: [], instances: 2 },
    { name: "g2", taskTypes: ["Data to Text"], domains: ["Books"], reasoning: [], instances: 2 },
    { name: "q1", taskTypes: ["Question Rewriting"], domains: ["Law"], reasoning: [], instances: 2 },
  ],
  value(model, style, task) {
    if (model === "Big") return style === "0-def" ? 0.8 : 0.6;
    if (style === "2-nodef") return 0.4;
    const base = task.startsWith("e") ? 0.5 : 0.9;
    if (model === "Small") return base;
    return base + (["e1", "e3", "g1", "q1"].includes(task) ? 0.02 : -0.02);
  },
  latencyMs: (model) => (model === "Big" ? 100 : 20),
};
