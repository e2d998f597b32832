"""The paper kit's way of aggregating, as a baseline for bench/analysis: for every model, re-read each run's
predictions.csv, explode each aspect column and group by it (one pass per aspect), merge the style columns into the
prompt-style table (max, idxmax), then merge the models' maxima into the comparison per aspect.
Prints one JSON line with the wall time and peak memory."""
import json
import os
import resource
import sys
import time

import pandas as pd

METRICS = ["bert_score_recall"]
ASPECTS = ["categories", "domains", "reasoning"]


def extract_aspects(text):
    return [part.split(" -> ")[0] for part in text.split(", ")]


def aggregate_run(path):
    df = pd.read_csv(path, converters={aspect: extract_aspects for aspect in ASPECTS}, keep_default_na=False)
    return {
        aspect: df.explode(aspect).groupby(aspect)[METRICS].mean().reset_index()
        for aspect in ASPECTS
    }


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(root):
    started = time.perf_counter()
    started_cpu = cpu_seconds()
    with open(os.path.join(root, "runs.json")) as handle:
        runs = json.load(handle)
    models = sorted({run["model"] for run in runs})
    comparisons = {aspect: None for aspect in ASPECTS}
    for model in models:
        columns = {aspect: None for aspect in ASPECTS}
        for run in [r for r in runs if r["model"] == model]:
            per_aspect = aggregate_run(os.path.join(root, run["dir"], "predictions.csv"))
            column = f"{run['examples']}_examples_{'with' if run['definition'] else 'without'}_definition"
            for aspect, frame in per_aspect.items():
                frame = frame.rename(columns={METRICS[0]: column})
                current = columns[aspect]
                columns[aspect] = frame if current is None else current.merge(frame, on=aspect, how="outer")
        for aspect, table in columns.items():
            styles = [c for c in table.columns if c != aspect]
            table["max_value"] = table[styles].max(axis=1)
            table["best_instruction"] = table[styles].idxmax(axis=1)
            best = table[[aspect, "max_value"]].rename(columns={"max_value": model})
            current = comparisons[aspect]
            comparisons[aspect] = best if current is None else current.merge(best, on=aspect, how="outer")
    for aspect, table in comparisons.items():
        table["best_model"] = table[models].idxmax(axis=1)
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - started_cpu
    rows = sum(len(t) for t in comparisons.values())
    print(json.dumps({
        "totalMs": elapsed * 1000,
        "cpuMs": cpu * 1000,
        "maxRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "comparisonRows": rows,
        "pandas": pd.__version__,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
