"""Analyst views over the Parquet output: coverage, schedule, plan cards, year on year."""
