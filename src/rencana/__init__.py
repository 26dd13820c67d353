"""rencana: KPU Rencana Aksi RB decree PDFs to analysis-ready Parquet."""

__version__ = "0.1.0"
PIPELINE_VERSION = "0.1.0"
