"""Preloaded by the worker fork server (only there): import and warm what every file needs, once.

Workers are forked from a small server process (see :mod:`rencana.pipeline.sandbox`);
whatever is loaded here is shared, copy-on-write, by every worker instead of being loaded
again by each (the vocabulary takes ~0.4 s to parse; the main process of a run never parses
it, it needs only :func:`~rencana.normalise.vocabulary.vocabulary_version`).  This
is the one module that does work at import time, by design: nothing else imports it.
"""

from __future__ import annotations

import contextlib

from rencana.normalise.vocabulary import VocabularyError, load_vocabulary
from rencana.pipeline import work  # noqa: F401  (the modules of the per-file work)

# a broken vocabulary must not take the fork server down: each file then reports the error
with contextlib.suppress(VocabularyError):
    load_vocabulary()
    # the matchers, the lexicon and the Hunspell dictionary (~0.5 s) behind word and label repairs
    from rencana.normalise.reconcile import warm as _warm_reconcile

    _warm_reconcile()
# the OCR stack (OpenCV, tesserocr: ~0.035 s) is not warmed here: a worker imports it on its first
# page that needs OCR (work._OcrWhenNeeded), so a run of digital files never waits for it
