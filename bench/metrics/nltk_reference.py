"""Reference values from NLTK 3.8 itself for bench/metrics/nltk-differential.ts.

Usage: python3 nltk_reference.py IN.jsonl OUT.jsonl WORDNET_DIR
Rows {"word"} get {"stem"}; rows {"candidate", "reference"} get the Treebank tokens of both and BLEU / METEOR
exactly as golden-shared.jsonl was made (see ../shared/fixtures/metrics-golden/README.md).
"""
import json
import sys
import warnings

import nltk
from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.stem.porter import PorterStemmer
from nltk.tokenize import word_tokenize
from nltk.translate.bleu_score import SmoothingFunction, corpus_bleu
from nltk.translate.meteor_score import single_meteor_score

warnings.simplefilter("ignore")
if nltk.__version__ != "3.8":
    sys.exit(f"needs NLTK 3.8 (Debian bookworm python3-nltk), found {nltk.__version__}")

source, target, wordnet_dir = sys.argv[1:4]
wordnet = WordNetCorpusReader(wordnet_dir, None)
stemmer = PorterStemmer()
smoothing = SmoothingFunction().method1
with open(source, encoding="utf-8") as rows, open(target, "w", encoding="utf-8") as out:
    for line in rows:
        row = json.loads(line)
        if "word" in row:
            out.write(json.dumps({"stem": stemmer.stem(row["word"])}) + "\n")
            continue
        candidate = word_tokenize(row["candidate"], preserve_line=True)
        reference = word_tokenize(row["reference"], preserve_line=True)
        bleu = (
            corpus_bleu([[reference]], [candidate], weights=(0.25, 0.25, 0.25, 0.25), smoothing_function=smoothing)
            if candidate
            else 0.0
        )
        meteor = single_meteor_score(reference, candidate, wordnet=wordnet)
        out.write(json.dumps({"candidate": candidate, "reference": reference, "bleu": bleu, "meteor": meteor}) + "\n")
