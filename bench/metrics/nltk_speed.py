"""Pairs per second of NLTK 3.8 BLEU and METEOR on the golden pairs, for bench/metrics/lexical.ts to compare with in the
same run (same machine, same load). Method of python-speed.txt: first reference only, tokenization included, best of
N runs, the one-off WordNet load excluded (a warm-up pass runs first).

Usage: python3 nltk_speed.py GOLDEN.jsonl WORDNET_DIR RUNS  -> prints {"bleu": pairs_per_s, "meteor": pairs_per_s}
"""
import json
import sys
import time
import warnings

from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.tokenize import word_tokenize
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu
from nltk.translate.meteor_score import single_meteor_score

warnings.simplefilter("ignore")
golden, wordnet_dir, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
pairs = [(row["candidate"], row["references"][0]) for row in map(json.loads, open(golden, encoding="utf-8"))]
wordnet = WordNetCorpusReader(wordnet_dir, None)
smoothing = SmoothingFunction().method1


def bleu(candidate, reference):
    c = word_tokenize(candidate, preserve_line=True)
    r = word_tokenize(reference, preserve_line=True)
    if not c:
        return 0.0
    return corpus_bleu([[r]], [c], weights=(0.25, 0.25, 0.25, 0.25), smoothing_function=smoothing)


def meteor(candidate, reference):
    return single_meteor_score(
        word_tokenize(reference, preserve_line=True), word_tokenize(candidate, preserve_line=True), wordnet=wordnet
    )


figures = {}
for name, score in (("bleu", bleu), ("meteor", meteor)):
    for candidate, reference in pairs:
        score(candidate, reference)
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for candidate, reference in pairs:
            score(candidate, reference)
        best = min(best, time.perf_counter() - start)
    figures[name] = len(pairs) / best
print(json.dumps(figures))
