"""The vocabulary files: they load, they agree with the corpus catalogue, and a broken one names its line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rencana.corpus.catalogue import areas as catalogue_areas
from rencana.corpus.catalogue import probe_phrases
from rencana.normalise.lexicon import dictionary_available, is_indonesian
from rencana.normalise.satker import regions, satker_for
from rencana.normalise.vocabulary import VocabularyError, load_vocabulary, packaged_dir


@pytest.fixture()
def vocab_copy(tmp_path: Path) -> Path:
    target = tmp_path / "vocabulary"
    shutil.copytree(packaged_dir(), target)
    return target


def test_packaged_vocabulary_loads() -> None:
    v = load_vocabulary()
    assert v.version.startswith("v1-")
    assert v.area_ids == ("MP", "DK", "ORG", "TTL", "SDM", "AKU", "PWS", "YANLIK")
    assert len(v.kegiatan) >= 40 and len(v.subs) >= 140
    by_id = v.by_id()
    assert by_id["PWS.01"].canonical == "Pembangunan Zona Integritas di <satker>"
    assert by_id["PWS.01.01"].canonical == "Pencanangan Zona Integritas di Lingkungan <satker>"
    for acro in (
        "SAKIP",
        "LKjIP",
        "e-Lapkin",
        "UPG",
        "WBS",
        "PMPRB",
        "SPIP",
        "JDIH",
        "PPID",
        "SKM",
        "IKM",
        "SOP",
    ):
        assert acro.lower() in v.acronyms, acro
    assert {"ASN", "APBN"} <= set(v.acronyms.values())
    assert {"integritas", "pencanangan", "pembangunan", "jabatan", "analis"} <= v.lexicon


def test_corpus_catalogue_ids_are_vocabulary_entries() -> None:
    by_id = load_vocabulary().by_id()
    for area in catalogue_areas():
        for keg in area.kegiatan:
            assert by_id[keg.id].canonical == keg.text, keg.id
            for v in keg.variants:
                assert v in by_id[keg.id].variants  # type: ignore[union-attr]
            for sub in keg.subs:
                assert by_id[sub.id].canonical == sub.text, sub.id


def test_probe_words_are_correct_indonesian_absent_from_the_lexicon() -> None:
    assert dictionary_available(), "apt-get install hunspell-id (make test installs it)"
    lexicon = load_vocabulary().lexicon
    probes = {"penataran", "pengawas", "penilai", "pemantau", "pembina", "berkesinambungan", "penyelarasan"}
    words = {w for p in probe_phrases() for w in p.split()}
    assert probes <= words
    assert not probes & lexicon, "a probe word in the lexicon measures nothing"
    assert all(is_indonesian(w) for w in probes)


def test_satkers_from_region_codes() -> None:
    current = {satker_for(r).name for r in regions()}
    in_2022 = {satker_for(r, 2022).name for r in regions() if r.code_2022}
    assert len(current) + 1 == 553  # + KPU RI
    assert len(in_2022) + 1 == 549
    assert "KIP Aceh" in current and "KIP Kabupaten Aceh Besar" in current
    merauke = next(r for r in regions() if r.code == "9301")
    assert satker_for(merauke, 2022).region_code == "9101"


def test_edits_are_seen_without_a_restart(vocab_copy: Path) -> None:
    before = load_vocabulary(vocab_copy)
    lex = vocab_copy / "lexicon.txt"
    lex.write_text(lex.read_text(encoding="utf-8") + "\nkatabaru\n", encoding="utf-8")
    after = load_vocabulary(vocab_copy)
    assert "katabaru" in after.lexicon and after.version != before.version


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "activities.yaml",
            "    area: MP\n",
            "    area: XX\n",
            r"activities\.yaml:\d+: kegiatan MP\.01: unknown area 'XX'",
        ),
        (
            "activities.yaml",
            "  - id: MP.02\n",
            "  - id: MP.01\n",
            r"activities\.yaml:\d+: duplicate id 'MP\.01' \(first on line \d+\)",
        ),
        (
            "activities.yaml",
            "      - id: MP.01.02\n",
            "      - id: MP.01.02\n        colour: red\n",
            r"activities\.yaml:\d+: sub kegiatan MP\.01\.02: unknown key",
        ),
        ("activities.yaml", "kegiatan:\n", "kegiatan: [\n", r"activities\.yaml:\d+: not valid YAML"),
        ("lexicon.txt", "acara ", "Acara2 ", r"lexicon\.txt:\d+: 'Acara2' is not a lower-case word"),
        ("typos.csv", "Jabtan,Jabatan", "Jabtan,Jabtan", r"typos\.csv:\d+: 'Jabtan' is its own correction"),
        ("acronyms.csv", "acronym,expansion,source", "acronym,meaning", r"acronyms\.csv:1: header must be"),
    ],
)
def test_errors_name_the_file_and_line(vocab_copy: Path, name: str, old: str, new: str, message: str) -> None:
    path = vocab_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(VocabularyError, match=message):
        load_vocabulary(vocab_copy)


def test_override_errors_name_the_line(vocab_copy: Path) -> None:
    path = vocab_copy / "manual_overrides.csv"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "label,sub_kegiatan,Pencanaan ZI,accept,PWS.01.01,,\n"
        + "label,sub_kegiatan,Foo bar,maybe,PWS.01.01,,\n",
        encoding="utf-8",
    )
    with pytest.raises(
        VocabularyError, match=r"manual_overrides\.csv:3: decision must be accept, reject or replace"
    ):
        load_vocabulary(vocab_copy)
    path.write_text("kind,field,raw,decision,value,note,decided\nlabel,kegiatan,X y,accept,PWS.99,,\n")
    with pytest.raises(VocabularyError, match=r"manual_overrides\.csv:2: unknown canonical id 'PWS\.99'"):
        load_vocabulary(vocab_copy)


def test_a_duplicated_key_is_an_error_not_a_silent_overwrite(vocab_copy: Path) -> None:
    path = vocab_copy / "activities.yaml"
    text = path.read_text(encoding="utf-8")
    old = '    canonical: "Pembentukan Tim Reformasi Birokrasi <satker>"\n'
    assert old in text
    path.write_text(text.replace(old, old + "    evidence: [x]\n", 1), encoding="utf-8")
    with pytest.raises(
        VocabularyError, match=r"activities\.yaml:\d+: not valid YAML: duplicate key 'evidence'"
    ):
        load_vocabulary(vocab_copy)
