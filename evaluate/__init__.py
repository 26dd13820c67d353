"""Truth scoring: an output directory against ground truth (``*.truth.json``), outside the product.

``rencana evaluate`` (pipeline/cli.py) imports it lazily; the corpora's truth files come from
``rencana.corpus``.  Nothing else in extract/, normalise/ or pipeline/ imports it.
"""

from rencana.evaluate.report import Report, evaluate_dir, format_report, score_document

__all__ = ["Report", "evaluate_dir", "format_report", "score_document"]
