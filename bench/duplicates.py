"""Benchmark (not a test): similar project texts among 10,000 applications, with planted
near-duplicates, by challenges.duplicates.similar_texts. Needs no database:

    .venv/bin/python bench/duplicates.py

Prints the seconds per look-up and whether every planted duplicate was found. Target: under
2 s for one application against 10,000 (the issue's figure).
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from challenges.duplicates import similar_texts  # noqa: E402
from challenges.models import Application  # noqa: E402

WORDS = [
    "antibody",
    "bispecific",
    "CD47",
    "AML",
    "lymphoma",
    "degrader",
    "PROTAC",
    "KRAS",
    "EGFR",
    "CAR-T",
    "NK",
    "cell",
    "lupus",
    "psoriasis",
    "myeloma",
    "checkpoint",
    "PD-1",
    "LAG-3",
    "TIGIT",
    "ADC",
    "payload",
    "linker",
    "siRNA",
    "mRNA",
    "LNP",
    "vaccine",
    "biomarker",
    "liquid",
    "biopsy",
    "organoid",
    "xenograft",
    "kinase",
    "inhibitor",
    "allosteric",
    "macrocycle",
    "peptide",
]
COUNT = 10_000
PLANTED = 5


def main() -> None:
    rng = random.Random(16)
    texts = [" ".join(rng.choices(WORDS, k=25)) for _ in range(COUNT)]
    candidates = list(enumerate(texts))
    planted = rng.sample(range(COUNT), PLANTED)
    found_all = True
    timings = []
    for index in planted:
        # The same project reworded slightly: two words swapped and one added.
        words = texts[index].split()
        words[0], words[1] = words[1], words[0]
        probe = Application(technology_summary=" ".join([*words, "improved"]))
        start = time.perf_counter()
        matches = similar_texts(probe, candidates, threshold=90)
        timings.append(time.perf_counter() - start)
        found_all &= index in [pk for pk, _score in matches]
    worst = max(timings)
    print(f"similar texts, {COUNT} applications: worst {worst:.3f} s per look-up (target < 2 s)")
    print(f"planted duplicates found: {'all' if found_all else 'NOT ALL'} of {PLANTED}")
    sys.exit(0 if found_all and worst < 2 else 1)


if __name__ == "__main__":
    main()
