"""Load and validate the human-editable vocabulary in ``schema/vocabulary/``.

Files (see ``schema/vocabulary/README.md`` and ``docs/vocabulary.md``):

* ``areas.yaml``          the 8 RB areas with variants (read for validation; matched by ``areas.py``)
* ``activities.yaml``     canonical kegiatan and sub kegiatan with ids, variants, parts, indicator phrases
* ``lexicon.txt``         correctly spelled domain words, the targets of word-level repairs
* ``acronyms.csv``        acronyms never to touch (SAKIP, LKjIP, e-Lapkin, UPG, WBS, …)
* ``typos.csv``           known typo pairs, applied before any edit distance
* ``manual_overrides.csv`` human decisions from the review loop; they win over everything else

Every error names the file and line (``activities.yaml:42: …``).  The
directory is the packaged one unless ``RENCANA_VOCABULARY`` names another
(a full copy, e.g. a team's shared vocabulary or a test's temporary one).
Loading is cached by the files' size and modification time, so an edit (a
``rencana review --apply``) is seen by the next document without a restart.
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

log = logging.getLogger(__name__)

ENV_VAR = "RENCANA_VOCABULARY"
FILES = (
    "areas.yaml",
    "activities.yaml",
    "lexicon.txt",
    "acronyms.csv",
    "typos.csv",
    "manual_overrides.csv",
)
OVERRIDES = "manual_overrides.csv"
OVERRIDE_COLUMNS = ("kind", "field", "raw", "decision", "value", "note", "decided")
LABEL_FIELDS = ("kegiatan", "sub_kegiatan")
WORD_FIELDS = ("kegiatan", "sub_kegiatan", "indikator", "*")

Decision = Literal["accept", "reject", "replace"]
OverrideKind = Literal["label", "word"]

_KEGIATAN_ID = re.compile(r"^(?P<area>[A-Z]+)\.\d{2}$")
_SUB_ID = re.compile(r"^(?P<kegiatan>[A-Z]+\.\d{2})\.\d{2}$")
ID_RE = re.compile(r"^[A-Z]+\.\d{2}(?:\.\d{2})?$")
_LEXICON_WORD = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_KEGIATAN_KEYS = frozenset(
    {"id", "area", "canonical", "variants", "evidence", "note", "sub_kegiatan", "__line__"}
)
_SUB_KEYS = frozenset({"id", "canonical", "variants", "parts", "indikator", "evidence", "note", "__line__"})


class VocabularyError(ValueError):
    """A vocabulary file is malformed; the message starts with ``file:line:``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file, self.line, self.detail = file, line, message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class SubKegiatan:
    id: str
    kegiatan_id: str
    area_id: str
    canonical: str
    variants: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    indikator: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Kegiatan:
    id: str
    area_id: str
    canonical: str
    variants: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    subs: tuple[SubKegiatan, ...] = ()


@dataclass(frozen=True, slots=True)
class TypoPair:
    typo: str
    correct: str
    kind: str


@dataclass(frozen=True, slots=True)
class Override:
    """One human decision (a row of ``manual_overrides.csv``)."""

    kind: OverrideKind
    field: str  # kegiatan | sub_kegiatan | indikator | * (any field, words only)
    raw: str  # the printed label or word as the review sheet showed it
    decision: Decision
    value: str  # accept/replace: a canonical id, a replacement text or word; reject: ""
    note: str = ""
    decided: str = ""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    directory: Path
    version: str  # "v1-<12 hex>": declared version + content hash of every file (overrides included)
    area_ids: tuple[str, ...]
    area_no: dict[str, int]
    kegiatan: tuple[Kegiatan, ...]
    lexicon: frozenset[str]
    acronyms: dict[str, str]  # lower-case, dots removed -> as written
    typos: tuple[TypoPair, ...]
    overrides: tuple[Override, ...]
    phrases: tuple[str, ...]  # every canonical text, variant, part, indicator phrase

    @property
    def subs(self) -> tuple[SubKegiatan, ...]:
        return tuple(s for k in self.kegiatan for s in k.subs)

    def by_id(self) -> dict[str, Kegiatan | SubKegiatan]:
        out: dict[str, Kegiatan | SubKegiatan] = {k.id: k for k in self.kegiatan}
        out.update({s.id: s for s in self.subs})
        return out


# ---------------------------------------------------------------- locations
def packaged_dir() -> Path:
    """The vocabulary shipped with rencana (symlinks resolved, so an editable install edits the repo)."""
    return Path(
        os.path.realpath(str(resources.files("rencana.schema").joinpath("vocabulary/areas.yaml")))
    ).parent


def vocabulary_dir() -> Path:
    """``$RENCANA_VOCABULARY`` when set, else the packaged vocabulary."""
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else packaged_dir()


# ---------------------------------------------------------------- YAML with line numbers
# libyaml's parser when PyYAML was built with it (the same SafeLoader constructors and resolver;
# parsing the vocabulary in Python was ~0.25 s CPU of every fork server's start)
_SAFE_LOADER = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _LineLoader(_SAFE_LOADER):  # type: ignore[misc,valid-type]
    """SafeLoader that records each mapping's 1-based line as ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:  # plain YAML keeps the last one silently: a lost list of variants
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise VocabularyError(path.name, line, f"not valid YAML: {exc.problem}") from exc
    if not isinstance(data, dict):
        raise VocabularyError(path.name, 1, "expected a mapping at the top level")
    return data


def _strings(value: Any, file: str, line: int, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise VocabularyError(file, line, f"{what} must be a list of texts")
    out = tuple(str(v).strip() for v in value)
    if any(not v for v in out):
        raise VocabularyError(file, line, f"{what} holds an empty text")
    return out


def _text(entry: dict[str, Any], key: str, file: str, what: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise VocabularyError(file, entry.get("__line__"), f"{what}: '{key}' must be a non-empty text")
    return value.strip()


# ---------------------------------------------------------------- the files
def _read_areas(path: Path) -> tuple[tuple[str, ...], dict[str, int]]:
    data = _load_yaml(path)
    areas = data.get("areas")
    if not isinstance(areas, list) or not areas:
        raise VocabularyError(path.name, data.get("__line__"), "'areas' must be a non-empty list")
    ids: list[str] = []
    numbers: dict[str, int] = {}
    for a in areas:
        if not isinstance(a, dict):
            raise VocabularyError(path.name, None, "each area must be a mapping")
        aid = _text(a, "id", path.name, "area")
        _text(a, "canonical", path.name, f"area {aid}")
        if aid in numbers:
            raise VocabularyError(path.name, a.get("__line__"), f"duplicate area id {aid!r}")
        try:
            numbers[aid] = int(a["no"])
        except (KeyError, TypeError, ValueError):
            raise VocabularyError(
                path.name, a.get("__line__"), f"area {aid}: 'no' must be a number"
            ) from None
        ids.append(aid)
    return tuple(ids), numbers


def _read_activities(path: Path, area_ids: tuple[str, ...]) -> tuple[Kegiatan, ...]:
    name = path.name
    data = _load_yaml(path)
    raw = data.get("kegiatan")
    if not isinstance(raw, list) or not raw:
        raise VocabularyError(name, data.get("__line__"), "'kegiatan' must be a non-empty list")
    seen: dict[str, int] = {}
    forms: dict[tuple[str, str, str], str] = {}  # (level, scope, lower form) -> id, to catch ambiguous forms
    out: list[Kegiatan] = []
    for k in raw:
        if not isinstance(k, dict):
            raise VocabularyError(name, None, "each kegiatan must be a mapping")
        line = int(k.get("__line__", 0))
        kid = _text(k, "id", name, "kegiatan")
        m = _KEGIATAN_ID.match(kid)
        if not m:
            raise VocabularyError(name, line, f"kegiatan id {kid!r} must look like 'PWS.01'")
        unknown = set(k) - _KEGIATAN_KEYS
        if unknown:
            raise VocabularyError(name, line, f"kegiatan {kid}: unknown key(s) {sorted(unknown)}")
        area = _text(k, "area", name, f"kegiatan {kid}")
        if area not in area_ids:
            raise VocabularyError(
                name, line, f"kegiatan {kid}: unknown area {area!r} (areas.yaml ids: {area_ids})"
            )
        if m.group("area") != area:
            raise VocabularyError(name, line, f"kegiatan {kid}: id must start with its area {area!r}")
        if kid in seen:
            raise VocabularyError(name, line, f"duplicate id {kid!r} (first on line {seen[kid]})")
        seen[kid] = line
        canonical = _text(k, "canonical", name, f"kegiatan {kid}")
        variants = _strings(k.get("variants"), name, line, f"kegiatan {kid}: variants")
        for form in (canonical, *variants):
            key = ("kegiatan", area, " ".join(form.lower().split()))
            if key in forms and forms[key] != kid:
                raise VocabularyError(name, line, f"kegiatan {kid}: {form!r} is also a form of {forms[key]}")
            forms[key] = kid
        subs = _read_subs(k.get("sub_kegiatan") or [], kid, area, line, name, seen, forms)
        out.append(
            Kegiatan(
                id=kid,
                area_id=area,
                canonical=canonical,
                variants=variants,
                evidence=_strings(k.get("evidence"), name, line, f"kegiatan {kid}: evidence"),
                subs=subs,
            )
        )
    return tuple(out)


def _read_subs(
    subs_raw: object,
    kid: str,
    area: str,
    line: int,
    name: str,
    seen: dict[str, int],
    forms: dict[tuple[str, str, str], str],
) -> tuple[SubKegiatan, ...]:
    """The sub kegiatan of kegiatan ``kid``; ``seen`` and ``forms`` catch duplicate ids and forms."""
    if not isinstance(subs_raw, list):
        raise VocabularyError(name, line, f"kegiatan {kid}: 'sub_kegiatan' must be a list")
    subs: list[SubKegiatan] = []
    for s in subs_raw:
        if not isinstance(s, dict):
            raise VocabularyError(name, line, f"kegiatan {kid}: each sub kegiatan must be a mapping")
        sline = int(s.get("__line__", line))
        sid = _text(s, "id", name, f"sub kegiatan of {kid}")
        sm = _SUB_ID.match(sid)
        if not sm or sm.group("kegiatan") != kid:
            raise VocabularyError(name, sline, f"sub kegiatan id {sid!r} must look like '{kid}.01'")
        unknown = set(s) - _SUB_KEYS
        if unknown:
            raise VocabularyError(name, sline, f"sub kegiatan {sid}: unknown key(s) {sorted(unknown)}")
        if sid in seen:
            raise VocabularyError(name, sline, f"duplicate id {sid!r} (first on line {seen[sid]})")
        seen[sid] = sline
        scanon = _text(s, "canonical", name, f"sub kegiatan {sid}")
        svariants = _strings(s.get("variants"), name, sline, f"sub kegiatan {sid}: variants")
        for form in (scanon, *svariants):
            key = ("sub", kid, " ".join(form.lower().split()))
            if key in forms and forms[key] != sid:
                raise VocabularyError(name, sline, f"sub kegiatan {sid}: {form!r} is also {forms[key]}")
            forms[key] = sid
        subs.append(
            SubKegiatan(
                id=sid,
                kegiatan_id=kid,
                area_id=area,
                canonical=scanon,
                variants=svariants,
                parts=_strings(s.get("parts"), name, sline, f"sub kegiatan {sid}: parts"),
                indikator=_strings(s.get("indikator"), name, sline, f"sub kegiatan {sid}: indikator"),
            )
        )
    return tuple(subs)


def _read_lexicon(path: Path) -> frozenset[str]:
    words: set[str] = set()
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text or re.match(r"^version\s*:", text):
            continue
        for word in text.split():
            if not _LEXICON_WORD.match(word):
                raise VocabularyError(
                    path.name, no, f"{word!r} is not a lower-case word (letters and inner hyphens only)"
                )
            words.add(word)
    if not words:
        raise VocabularyError(path.name, None, "the lexicon is empty")
    return frozenset(words)


def _csv_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = path.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise VocabularyError(path.name, 1, f"missing header {','.join(columns)}") from None
    if tuple(h.strip() for h in header) != columns:
        raise VocabularyError(path.name, 1, f"header must be {','.join(columns)}, got {','.join(header)}")
    rows: list[tuple[int, dict[str, str]]] = []
    for record in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(columns):
            raise VocabularyError(path.name, line, f"expected {len(columns)} fields, got {len(record)}")
        rows.append((line, {c: v.strip() for c, v in zip(columns, record, strict=True)}))
    return rows


def _read_acronyms(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line, row in _csv_rows(path, ("acronym", "expansion", "source")):
        acro = row["acronym"]
        if not acro or " " in acro:
            raise VocabularyError(path.name, line, f"acronym {acro!r} must be one non-empty token")
        out[acro.lower().replace(".", "")] = acro
    return out


def _read_typos(path: Path) -> tuple[TypoPair, ...]:
    out: list[TypoPair] = []
    seen: dict[str, int] = {}
    for line, row in _csv_rows(path, ("typo", "correct", "kind", "source")):
        typo, correct = row["typo"], row["correct"]
        if not typo or not correct:
            raise VocabularyError(path.name, line, "typo and correct must both be filled")
        if typo == correct:
            raise VocabularyError(path.name, line, f"{typo!r} is its own correction")
        key = typo.lower()
        if key in seen:
            raise VocabularyError(path.name, line, f"duplicate typo {typo!r} (first on line {seen[key]})")
        seen[key] = line
        out.append(TypoPair(typo, correct, row["kind"]))
    return tuple(out)


def read_overrides(path: Path, known_ids: frozenset[str] | None = None) -> tuple[Override, ...]:
    """Rows of ``manual_overrides.csv``, validated; a later row for the same key wins."""
    if not path.exists():
        return ()
    out: dict[tuple[str, str, str], Override] = {}
    for line, row in _csv_rows(path, OVERRIDE_COLUMNS):
        kind, fld, decision = row["kind"], row["field"], row["decision"]
        if kind not in ("label", "word"):
            raise VocabularyError(path.name, line, f"kind must be label or word, got {kind!r}")
        allowed = LABEL_FIELDS if kind == "label" else WORD_FIELDS
        if fld not in allowed:
            raise VocabularyError(path.name, line, f"field of a {kind} must be one of {allowed}, got {fld!r}")
        if decision not in ("accept", "reject", "replace"):
            raise VocabularyError(
                path.name, line, f"decision must be accept, reject or replace, got {decision!r}"
            )
        if not row["raw"]:
            raise VocabularyError(path.name, line, "raw (the printed text) is empty")
        value = row["value"]
        if decision != "reject" and not value:
            raise VocabularyError(path.name, line, f"{decision} needs a value")
        if kind == "label" and known_ids is not None and ID_RE.match(value) and value not in known_ids:
            raise VocabularyError(path.name, line, f"unknown canonical id {value!r}")
        o = Override(kind, fld, row["raw"], decision, value, row["note"], row["decided"])  # type: ignore[arg-type]
        out[(kind, fld, override_key(kind, row["raw"]))] = o
    return tuple(out.values())


def override_key(kind: str, raw: str) -> str:
    """How an override's ``raw`` is compared: lower case, one space (words: edge punctuation off)."""
    text = " ".join(raw.split()).lower()
    return text if kind == "label" else text.strip(".,;:()")


# ---------------------------------------------------------------- load
def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    out = []
    for name in FILES:
        p = directory / name
        try:
            st = p.stat()
        except FileNotFoundError:
            out.append((name, -1, -1))
            continue
        out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Vocabulary]] = {}


def load_vocabulary(directory: Path | None = None) -> Vocabulary:
    """The validated vocabulary of ``directory`` (default :func:`vocabulary_dir`); raises VocabularyError."""
    directory = Path(directory) if directory is not None else vocabulary_dir()
    sig = _signature(directory)
    cached = _CACHE.get(directory)
    if cached is not None and cached[0] == sig:
        return cached[1]
    vocab = _load(directory)
    _CACHE[directory] = (sig, vocab)
    return vocab


_VERSIONS: dict[Path, tuple[tuple[tuple[str, int, int], ...], str]] = {}
_VERSION_LINE = re.compile(r"^version\s*:.*$", re.MULTILINE)


def vocabulary_version(directory: Path | None = None) -> str:
    """``v<declared>-<12 hex>``: activities.yaml's top-level ``version`` and a hash of every file.

    Read without parsing the vocabulary (issue 14): the main process of a run needs only this,
    to know which files are unchanged, and parsing cost it ~0.4 s.
    """
    directory = Path(directory) if directory is not None else vocabulary_dir()
    sig = _signature(directory)
    cached = _VERSIONS.get(directory)
    if cached is not None and cached[0] == sig:
        return cached[1]
    digest = hashlib.sha256()
    for name in FILES:
        p = directory / name
        digest.update(name.encode())
        digest.update(p.read_bytes() if p.exists() else b"")
    line = _VERSION_LINE.search((directory / "activities.yaml").read_text(encoding="utf-8"))
    declared = yaml.safe_load(line.group(0)).get("version", 0) if line else 0
    version = f"v{declared}-{digest.hexdigest()[:12]}"
    _VERSIONS[directory] = (sig, version)
    return version


def _load(directory: Path) -> Vocabulary:
    for name in FILES:
        if name != OVERRIDES and not (directory / name).is_file():
            raise VocabularyError(name, None, f"missing from the vocabulary directory {directory}")
    area_ids, area_no = _read_areas(directory / "areas.yaml")
    kegiatan = _read_activities(directory / "activities.yaml", area_ids)
    ids = frozenset(k.id for k in kegiatan) | frozenset(s.id for k in kegiatan for s in k.subs)
    lexicon = _read_lexicon(directory / "lexicon.txt")
    acronyms = _read_acronyms(directory / "acronyms.csv")
    typos = _read_typos(directory / "typos.csv")
    overrides = read_overrides(directory / OVERRIDES, ids)
    phrases: list[str] = []
    for k in kegiatan:
        phrases += [k.canonical, *k.variants]
        for s in k.subs:
            phrases += [s.canonical, *s.variants, *s.parts, *s.indikator]
    return Vocabulary(
        directory=directory,
        version=vocabulary_version(directory),
        area_ids=area_ids,
        area_no=area_no,
        kegiatan=kegiatan,
        lexicon=lexicon,
        acronyms=acronyms,
        typos=typos,
        overrides=overrides,
        phrases=tuple(phrases),
    )
