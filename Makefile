# rencana — make is the front door, Python does the work.
# `make extract` and `make test` set up everything they need on first use.
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
SHELL := /bin/bash
export PYTHONSAFEPATH=1

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BENCH_VENV := .venv-bench
# data/raw when it holds any PDF, else the samples shipped with the repo
IN     ?= $(shell find data/raw -type f -iname '*.pdf' -print -quit 2>/dev/null | grep -q . && echo data/raw || echo data/samples)
# the samples' tables never mix with the analyst's own: each input has its own output
OUT    ?= $(if $(filter data/samples,$(IN)),data/processed-samples,data/processed)
JOBS   ?= 0
CORPUS ?= data/corpus
N      ?= 24
SEED   ?= 2022

# Debian packages: OCR for scanned decrees; fonts, poppler and LibreOffice for the test corpus;
# chromium for the browser check of compare.html.
DEBS_RUN  := tesseract-ocr tesseract-ocr-ind tesseract-ocr-osd ghostscript poppler-utils
DEBS_TEST := $(DEBS_RUN) fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito libreoffice-writer-nogui libreoffice-calc-nogui chromium

define ensure_debs
	@missing=""; for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "rencana needs these Debian packages:$$missing"; \
	    echo "run:  sudo apt-get install -y$$missing   (or run make as root)"; exit 1; \
	  fi; \
	fi
endef

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# the package compiled once at install: an editable install is not byte-compiled by pip, and with
# PYTHONDONTWRITEBYTECODE every process (CLI, fork server) would compile it again (~0.1 s CPU each)
COMPILE = $(BIN)/python -m compileall -q $$($(BIN)/python -c "import os, rencana; print(os.path.dirname(rencana.__file__))") >/dev/null

# what extraction needs (the package and its dependencies) ...
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e . --config-settings editable_mode=strict
	$(COMPILE)
	touch $@

# ... and the extras of the tests, linters and the notebook (make test, lint, notebook)
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]' --config-settings editable_mode=strict
	$(COMPILE)
	touch $@ $(VENV)/.installed-run

## install: create .venv and install rencana (run again after adding a module)
install: | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]' --config-settings editable_mode=strict
	$(COMPILE)
	touch $(VENV)/.installed $(VENV)/.installed-run

.PHONY: debs-run debs-test
debs-run:
	$(call ensure_debs,$(DEBS_RUN))
debs-test:
	$(call ensure_debs,$(DEBS_TEST))

## extract: PDFs in IN (default data/raw, or data/samples when raw is empty) -> Parquet in OUT (data/processed; data/processed-samples for the samples)
extract: $(VENV)/.installed-run debs-run
	$(BIN)/rencana extract "$(IN)" --out "$(OUT)" --jobs $(JOBS)

## test: lint, type-check and run every test (real PDFs, real tesseract)
test: $(VENV)/.installed debs-test lint
	$(BIN)/pytest -n 2 --dist loadfile -q

## lint: ruff (lint + format check) and mypy --strict
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy -p rencana

## compare: compare-<province>-<year>.html + .xlsx from the Parquet in OUT (PROVINCE=35 YEAR=2023 LANG_REPORT=en)
compare: $(VENV)/.installed-run
	$(BIN)/rencana compare "$(OUT)" $(if $(PROVINCE),--province "$(PROVINCE)") $(if $(YEAR),--year $(YEAR)) $(if $(LANG_REPORT),--lang $(LANG_REPORT))

## notebook: open the analyst walkthrough (notebooks/analyst-walkthrough.ipynb) in Jupyter
notebook: $(VENV)/.installed
	$(BIN)/pip install -q notebook
	$(BIN)/jupyter notebook notebooks/analyst-walkthrough.ipynb

## corpus: generate N decrees with ground truth into CORPUS (seeded: SEED)
corpus: $(VENV)/.installed debs-test
	$(BIN)/python -m rencana.corpus generate "$(CORPUS)" --n $(N) --seed $(SEED) --with-seed --renderer all

## evaluate: generate the corpus, extract it, score it against its truth
evaluate: corpus
	$(BIN)/rencana extract "$(CORPUS)" --out "$(CORPUS)-out" --force -q --jobs $(JOBS) || true
	$(BIN)/rencana evaluate "$(CORPUS)" "$(CORPUS)-out"

## bench: ms/page vs the PDFium floor and pdfplumber, start-up, 1/24/40 decrees, --jobs 2, worker RSS/USS (docs/benchmarks.md); then camelot, 500 decrees, OCR
bench: $(VENV)/.installed $(VENV)/.installed-camelot $(BENCH_VENV)/.installed debs-test
	$(COMPILE)
	$(BIN)/python scripts/bench_speed.py --corpus data/bench-speed --n 40 --docs 24 --seed 14
	$(BIN)/python scripts/bench.py --corpus data/bench --n 8 --seed 11
	$(BIN)/python scripts/bench_scale.py --corpus data/bench-500 --n 500 --seed 500
	$(BIN)/python scripts/bench_ocr_pipeline.py --corpus data/bench-scan --n 2 --seed 5 --peers-python $(BENCH_VENV)/bin/python
	$(BIN)/python scripts/bench_ocr_pipeline.py --corpus data/bench-copies --n 2 --seed 6 --scan-profile mixed

# camelot (pyproject's `bench-camelot` extra) is a peer the benchmarks run in .venv, not a runtime dependency
$(VENV)/.installed-camelot: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,bench-camelot]' --config-settings editable_mode=strict
	touch $@

# the scan benchmark's peers (pyproject's `bench` extra: img2table, OCRmyPDF) live in a venv of
# their own: img2table requires opencv-contrib-python, which shares the cv2 package with the
# project's opencv-python-headless and would replace it.  Only the extra is installed there.
$(BENCH_VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q --upgrade pip
	$(BENCH_VENV)/bin/pip install -q $$($(PYTHON) -c "import tomllib; \
	  print(' '.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['bench']))")
	touch $@

## dictionary: regenerate docs/data-dictionary.md from the schemas
dictionary: $(VENV)/.installed
	$(BIN)/rencana dictionary --out docs/data-dictionary.md

## clean: remove generated data (keeps data/raw and data/samples)
clean:
	rm -rf data/processed/*.parquet data/processed/.rencana data/processed-samples data/corpus data/corpus-out data/bench data/bench-speed data/bench-500 data/bench-scan data/bench-copies .pytest_cache .mypy_cache

.PHONY: help install extract test lint corpus evaluate bench dictionary clean compare notebook
