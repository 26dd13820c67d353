"""Read the decree's front matter (kop, nomor, title, preamble, date, signatures) from text lines.

Input is the text lines of each front-matter page in reading order, as a text
layer or OCR gives them.  Labels are found case-insensitively at line starts,
tolerating spaced letters ("N O M O R"), a missing or doubled colon and the OCR
confusions m/rn, i/l/1, o/0.  Values are whitespace-normalised but otherwise
as printed; parsing them is normalise/'s job.  Pure regex and string logic: no
import of normalise/.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from rencana.schema.records import FrontMatter

log = logging.getLogger(__name__)

_NAME_WINDOW = 6  # lines after a signature heading in which the name must appear


def _label(word: str) -> str:
    """Regex for ``word`` with optional single spaces between letters and OCR look-alikes."""
    alts = {"m": "(?:m|rn)", "i": "[il1|]", "l": "[il1|]", "o": "[o0]"}
    # between two words: a space, after a stop or comma, or around a speck read as "|" ("Ditetapkan | di")
    # ... or a dash read for the space ("Ditetapkan-di—Bandung")
    between = r"(?:(?:\s*[.,|])?\s+|\s*[-—–]\s*)"
    parts = [between if ch == " " else alts.get(ch, re.escape(ch)) for ch in word.lower()]
    return "[ ]?".join(parts) + "(?![a-z])"


_SEP = r"[\s:;.,_|—–-]*"  # between a label and its value: colon, OCR specks, stray dashes


def _line_label(*words: str, value: bool = True) -> re.Pattern[str]:
    body = "|".join(_label(w) for w in words)
    tail = rf"{_SEP}(?P<v>.*)$" if value else rf"{_SEP}$"
    return re.compile(rf"^\s*(?P<label>{body}){tail}", re.IGNORECASE)


_KEPUTUSAN = re.compile(rf"^\s*{_label('keputusan')}", re.IGNORECASE)
_NOMOR = re.compile(rf"(?:^\s*|\s){_label('nomor')}{_SEP}(?P<v>.*)$", re.IGNORECASE)
_TENTANG = re.compile(rf"(?:^|\s){_label('tentang')}{_SEP}(?P<v>.*)$", re.IGNORECASE)
_RAHMAT = re.compile(r"dengan\s+rahmat\s+tuhan", re.IGNORECASE)
_ISSUER = re.compile(
    r"^\s*(?:(?:plt|plh|pj|pelaksana\s+(?:tugas|harian))\.?\s+)?(?:ketua|sekretaris\s+jenderal)(?![a-z])",
    re.IGNORECASE,
)
_DIKTA = ("kesatu", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh", "kedelapan", "pertama")
_SECTIONS: dict[str, re.Pattern[str]] = {
    "menimbang": _line_label("menimbang"),
    "mengingat": _line_label("mengingat"),
    "memperhatikan": _line_label("memperhatikan"),
    "memutuskan": _line_label("memutuskan", value=False),
    "menetapkan": _line_label("menetapkan"),
    "diktum": _line_label(*_DIKTA),
}
_DITETAPKAN = _line_label("ditetapkan di")
_TANGGAL = _line_label("pada tanggal", "tanggal")
# a label wrapped in a narrow cell: "Ditetapkan : Bandung" over "di", "Pada : 4 Januari 2021"
# over "Tanggal" (the tail line may be lost as noise: "di")
_WRAPPED_HEAD = re.compile(
    rf"^\s*(?P<label>{_label('ditetapkan')}|{_label('pada')})\s*:\s*(?P<v>\S.*)$", re.IGNORECASE
)
_WRAPPED_TAIL = {"ditetapkan": "di", "pada": "tanggal"}
_INLINE_TANGGAL = re.compile(r"\s+(?:pada\s+)?tanggal\s*[:;.]*\s*", re.IGNORECASE)
_BARE_DATE = re.compile(r"^[0-9lIOo]{1,2}\s*[-/ ]\s*[A-Za-z]{3,12}\.?\s*[-/ ]\s*[0-9lIOo]{4}\.?$")
_TTD = re.compile(
    r"^\s*(?:ttd|dto|cap|\(?\s*stempel\s*\)?|\(?\s*tanda\s+tangan\s*\)?)\b\.?\s*(?:&\s*cap\.?)?\s*", re.I
)
_TTD_END = re.compile(r"\s(?:ttd|dto)\.?$", re.IGNORECASE)
# "Salinan sesuai dengan aslinya"; a stamp or signature often eats "Salin" in scans
_SALINAN = re.compile(r"(?:sesuai\s+|^\W*)dengan\s+asli", re.IGNORECASE)
# the certifying officer's heading; "taris" also catches a half-stamped "Sekretaris"
_SECRETARY = re.compile(r"taris|kepala|plh|plt|\b(?:kpu|kip|komisi)\b", re.IGNORECASE)
_HEADING_CONT = re.compile(
    r"^\s*(?:komisi|kpu|kip|kota|kabupaten|kab\.|provinsi|daerah|republik|indonesia|independen|pemilihan|umum)"
    r"(?![a-z])",
    re.I,
)
_STOP = re.compile(r"^\s*(?:no\.?\s+area|lampiran|nip\.?\b)", re.IGNORECASE)
_NOISE = re.compile(r"^\s*(?:[-–]?\s*\d{1,3}\s*[-–]?|jdih\.kpu\.go\.id)\s*$", re.IGNORECASE)
_LEADING_JUNK = re.compile(r"^[\s:;.,|>_~•·*'`\\^-]+")  # OCR specks before a label (": NOMOR :")
_WORD3 = re.compile(r"[^\W\d_]{3,}")
_KOP_START = re.compile(r"^\s*(?:komisi|kpu|kip)(?![a-z])", re.IGNORECASE)
_ADDRESS = re.compile(
    r"\d|\b(?:jalan|jl|telp|telepon|fax|faks|email|e-mail|website|www|kode\s+pos)\b|@", re.I
)


@dataclass(frozen=True, slots=True)
class _Line:
    page: int
    text: str
    specked: bool = False  # OCR specks stood before its first word (dropped from ``text``)


@dataclass(frozen=True, slots=True)
class _Block:
    place: str = ""
    date_text: str = ""
    signed_by: str = ""
    certified_by: str = ""
    certified_copy: bool = False
    signed_stroked: bool = False  # specks before the signatory's name: a stroke crossed its start

    @property
    def complete(self) -> bool:
        return bool(self.place and self.date_text and self.signed_by)

    @property
    def filled(self) -> int:
        return sum(map(bool, (self.place, self.date_text, self.signed_by, self.certified_by)))


def _ws(s: str) -> str:
    return " ".join(s.split())


def _lines(pages: list[list[str]]) -> list[_Line]:
    out: list[_Line] = []
    for page_no, page in enumerate(pages, start=1):
        for raw in page:
            text = _ws(raw)
            if text and not _NOISE.match(text):
                clean = _LEADING_JUNK.sub("", text)
                if clean:
                    out.append(_Line(page_no, clean, clean != text))
    return _unwrap_labels(out)


def _unwrap_labels(lines: list[_Line]) -> list[_Line]:
    """ "Ditetapkan : X" / "Pada : X" whose label wrapped onto the next line ("di", "Tanggal")
    read as "Ditetapkan di : X" / "Pada Tanggal : X"; a bare "Ditetapkan : X" is one too."""
    out: list[_Line] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        nxt_line = lines[i + 1] if i + 1 < len(lines) else None
        if nxt_line is not None and _split_label(line.text, nxt_line.text):
            # OCR broke the label's line after its first word ("Ditetapkan |" / "di : Kota Banjar")
            out.append(_Line(line.page, f"{line.text.rstrip(' |:;.,')} {nxt_line.text}"))
            skip = True
            continue
        m = _WRAPPED_HEAD.match(line.text)
        if m is None:
            out.append(line)
            continue
        head = "ditetapkan" if m.group("label").lower().startswith("d") else "pada"
        tail = _WRAPPED_TAIL[head]
        nxt = lines[i + 1].text.strip(" :").lower() if i + 1 < len(lines) else ""
        skip = nxt == tail
        if skip or head == "ditetapkan":
            out.append(_Line(line.page, f"{m.group('label')} {tail} : {m.group('v')}"))
        else:
            out.append(line)
    return out


# a "Ditetapkan di : X" whose label OCR garbled ("Dite bkan di : Banjar"), taken as the signature
# block's anchor only when a "... tanggal : date" line follows ("pad tanggal : 14 Februari 2022")
_LOOSE_ANCHOR = re.compile(r"^\s*d\w{1,9}(?:\s\w{1,6})?\s+di\s*[:;]\s*(?P<v>\S.*)$", re.IGNORECASE)
_LOOSE_TANGGAL = re.compile(r"^\s*(?:\w{1,5}\s+)?tanggal\s*[:;]\s*(?P<v>\S.*)$", re.IGNORECASE)


_HEAD_GAP = 3  # a block's "Pada tanggal" line stands this close under its "Ditetapkan di"


def _headless_blocks(lines: list[_Line], start: int, anchors: list[int]) -> list[int]:
    """The "Pada tanggal" lines from ``start`` on that open a signature block whose "Ditetapkan
    di" line was lost (read as a speck, 753-006 p3; under a stamp, 753-007 p8): no anchor just
    above, the issuer's heading ("KETUA ...") just below.  Without them the block was not
    read and its signatory could not be cross-checked with the other block's."""
    out = []
    for i in range(start, len(lines)):
        if not (_TANGGAL.match(lines[i].text) or _LOOSE_TANGGAL.match(lines[i].text)):
            continue
        if any(i - _HEAD_GAP <= a <= i for a in anchors):
            continue
        if any(_ISSUER.match(line.text) for line in lines[i + 1 : i + 1 + _HEAD_GAP]):
            out.append(i)
    return out


def _loose_anchor(lines: list[_Line], i: int) -> bool:
    """Whether ``lines[i]`` is a garbled "Ditetapkan di : X" followed by its date line."""
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    return _LOOSE_ANCHOR.match(lines[i].text) is not None and _LOOSE_TANGGAL.match(nxt) is not None


_BARE_HEAD = re.compile(rf"^\s*(?P<label>{_label('ditetapkan')}|{_label('pada')})[\s|:;.,]*$", re.IGNORECASE)


def _split_label(text: str, nxt: str) -> bool:
    """Whether ``text`` is a bare "Ditetapkan" / "Pada" whose line goes on in ``nxt`` ("di : X")."""
    m = _BARE_HEAD.match(text)
    if m is None:
        return False
    tail = _WRAPPED_TAIL["ditetapkan" if m.group("label").lower().startswith("d") else "pada"]
    return re.match(rf"\s*{tail}(?![a-z])", nxt, re.IGNORECASE) is not None


def _find(
    lines: list[_Line], pattern: re.Pattern[str], start: int = 0, stop: int | None = None
) -> int | None:
    end = len(lines) if stop is None else stop
    return next((i for i in range(start, end) if pattern.search(lines[i].text)), None)


def _section_label(text: str) -> tuple[str, str] | None:
    """(section, value) when ``text`` opens a preamble/diktum section; lower-case starts need a colon."""
    for name, pattern in _SECTIONS.items():
        m = pattern.match(text)
        if m and (text.lstrip()[0].isupper() or ":" in text[: m.end("label") + 3]):
            return name, m.groupdict().get("v") or ""
    return None


def _kop(lines: list[_Line], kep: int | None, nomor: int | None) -> tuple[str, bool]:
    """Letterhead before the KEPUTUSAN line (else that line's body); also whether a SALINAN stamp is there."""
    head = lines[: kep if kep is not None else (nomor or 0)]
    stamped = any(line.text.lower() == "salinan" for line in head)
    start = next((i for i, line in enumerate(head) if _KOP_START.match(line.text)), None)
    if start is not None:
        kop: list[str] = []
        for line in head[start:]:
            if _ADDRESS.search(line.text) or line.text.lower() == "salinan":
                break
            kop.append(line.text)
        return _ws(" ".join(kop)), stamped
    if kep is None:
        return "", stamped
    end = nomor if nomor is not None else kep + 1
    text = " ".join(line.text for line in lines[kep : max(end, kep + 1)])
    text = re.sub(rf"^\s*{_label('keputusan')}\s*", "", text, flags=re.IGNORECASE)
    return _ws(re.split(rf"\s{_label('nomor')}", text, maxsplit=1, flags=re.IGNORECASE)[0]), stamped


def _next_value(lines: list[_Line], i: int, value: str) -> str:
    """``value`` or, when empty, the next line (unless that is a label line)."""
    if value.strip() or i + 1 >= len(lines):
        return _ws(value)
    nxt = lines[i + 1].text
    if _section_label(nxt) or _TENTANG.match(nxt) or _DITETAPKAN.match(nxt) or _ISSUER.match(nxt):
        return ""
    return nxt


def _is_junk(text: str) -> bool:
    """Not a name: stamp or signature ink read as text ("ro f", "_—v", "oie", "kong")."""
    words = _WORD3.findall(text)
    letters = sum(ch.isalpha() for ch in text)
    return (
        (len(words) < 2 and not any(len(w) >= 4 for w in words))
        or letters < 0.6 * len(text.replace(" ", ""))
        or (" " not in text and text[0].islower())
    )


def _name_after(lines: list[_Line], start: int, end: int, satker: frozenset[str] = frozenset()) -> str:
    """First name-like line in ``lines[start:end]``, skipping ttd/cap, junk and heading continuations."""
    i = _name_line(lines, start, end, satker)
    if i is None:
        return ""
    text = lines[i].text
    if m := _TTD.match(text):
        return text[m.end() :].strip()
    nxt = lines[i + 1].text if i + 1 < end else ""
    return f"{text} {nxt}" if text.endswith(",") and _DEGREES.match(nxt) else text


def _name_line(lines: list[_Line], start: int, end: int, satker: frozenset[str] = frozenset()) -> int | None:
    """The index of the name's line in ``lines[start:end]`` (see :func:`_name_after`); a line of
    ``satker`` words only (the heading's last line, "ACEH" without its comma) is no name."""
    for i in range(start, min(end, start + _NAME_WINDOW)):
        text = lines[i].text
        if _STOP.match(text) or _SALINAN.search(text) or _DITETAPKAN.match(text) or _section_label(text):
            return None
        if m := _TTD.match(text):
            if any(ch.isalpha() for ch in text[m.end() :]):
                return i
            continue
        if _TTD_END.search(text):
            continue  # the signature's strokes read as text, then "ttd.": the name comes after
        nxt = lines[i + 1].text if i + 1 < end else ""
        if text.endswith(",") and _DEGREES.match(nxt):
            return i  # a long name wrapped before its last degree ("…, S.Sos.," / "S.AP.")
        if _HEADING_CONT.match(text) or text.endswith(",") or _is_junk(text) or _satker_only(text, satker):
            continue
        return i
    return None


# a line of academic degrees only ("S.AP.", "M.Si.", "S.H., M.H."): the tail of a wrapped name
_DEGREES = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}\.){1,3}(?:,\s*(?:[A-Z][A-Za-z]{0,3}\.){1,3})*$")


def _issuer_tail(text: str) -> bool:
    """The last line of a signature block's heading: its satker, ending in a comma."""
    return text.endswith(",") and _HEADING_CONT.match(text) is not None


def _words(text: str) -> frozenset[str]:
    return frozenset(re.sub(r"[^A-Z ]", "", text.upper()).split())


def _satker_only(text: str, satker: frozenset[str]) -> bool:
    words = _words(text)
    return bool(words) and words <= satker


def _block(lines: list[_Line], start: int, end: int, satker: frozenset[str] = frozenset()) -> _Block:
    """Place, date, signatory and certified copy from a "Ditetapkan di" (or "Tanggal") anchor;
    ``satker``: the words of the issuer's heading and the letterhead."""
    place = date = ""
    i = start
    if m := _DITETAPKAN.match(lines[i].text) or _LOOSE_ANCHOR.match(lines[i].text):
        value = m.group("v")
        parts = _INLINE_TANGGAL.split(value, maxsplit=1)
        place = _ws(parts[0])
        date = _ws(parts[1]) if len(parts) > 1 else ""
        if not place and i + 1 < end and not _TANGGAL.match(lines[i + 1].text):
            i += 1
            place = lines[i].text
        i += 1
    for j in range(i, min(end, i + 3)):
        if date:
            break
        if m := _TANGGAL.match(lines[j].text) or _LOOSE_TANGGAL.match(lines[j].text):
            date, i = _next_value(lines, j, m.group("v")), j + 1 + (not m.group("v").strip())
        elif _BARE_DATE.match(lines[j].text):
            date, i = lines[j].text, j + 1
    signed, stroked = "", False
    # the issuer's heading; its first line lost under a stamp, the second ("PROVINSI JAWA BARAT,")
    head = _find(lines, _ISSUER, i, min(end, i + 3))
    if head is None:
        head = next((k for k in range(i, min(end, i + 2)) if _issuer_tail(lines[k].text)), None)
    ttd = _find(lines, _TTD, i, min(end, i + _NAME_WINDOW))
    if head is not None or ttd is not None:
        first = min(k for k in (head, ttd) if k is not None)
        at = _name_line(lines, (ttd if ttd is not None else first + 1), end, satker)
        signed = _name_after(lines, at, end) if at is not None else ""
        stroked = at is not None and lines[at].specked
    salinan = _find(lines, _SALINAN, start, end)
    certified = ""
    if salinan is not None:
        sec = _find(lines, _SECRETARY, salinan + 1, min(end, salinan + 3))
        if sec is not None:
            certified = _name_after(lines, sec + 1, end, satker)
    return _Block(place, date, signed, certified, salinan is not None, stroked)


def _sections(lines: list[_Line], start: int, end: int) -> dict[str, str]:
    """Menimbang / Mengingat / Menetapkan text between ``start`` and ``end``."""
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines[start:end]:
        found = _section_label(line.text)
        if found is not None:
            current, value = found
            if current in parts and current != "diktum":  # a second "Menimbang" is not a new preamble
                current = None
                continue
            if current == "diktum" and current in parts:  # KEDUA, KETIGA … join KESATU
                parts[current].extend([value] if value else [])
                continue
            parts[current] = [value] if value else []
        elif current is not None:
            parts[current].append(line.text)
    return {k: _ws(" ".join(v)) for k, v in parts.items()}


_TITLE_END = re.compile(r"\bTAHUN\s+(?:19|20)\d{2}\s*\.?$", re.I)


def _title_and_issuer(lines: list[_Line], tentang: int, value: str, stop: int) -> tuple[str, str]:
    title: list[str] = [value] if value else []
    issuer: list[str] = []
    for line in lines[tentang + 1 : stop]:
        if issuer or _ISSUER.match(line.text):
            issuer.append(line.text)
        elif not _RAHMAT.search(line.text) and not _TITLE_END.search(" ".join(title)):
            # the title ends with its year ("... TAHUN 2022"); what follows (a
            # table caption under a LAMPIRAN block) is not part of it
            title.append(line.text)
    text = _RAHMAT.split(_ws(" ".join(title)))[0]
    return _ws(text), _ws(" ".join(issuer)).rstrip(", ")


# Academic degrees after a signatory's name, as printed; OCR drops or garbles their dots
# and commas ("S,Sos.", "M.M, S.Pd"), which the spelling below restores.
DEGREES = (
    "S.H.", "M.H.", "S.E.", "M.E.", "S.Sos.", "M.Si.", "S.IP.", "M.IP.", "S.Pd.", "S.Pd.I.", "M.Pd.",
    "S.Kom.", "M.Kom.", "S.AP.", "M.AP.", "M.M.", "S.T.", "M.T.", "S.Ag.", "M.Ag.", "S.Psi.", "M.Psi.",
    "S.S.", "M.Hum.", "S.P.", "M.P.", "S.Hut.", "S.Kep.", "S.Ked.", "S.Farm.", "S.Kes.", "M.Kes.",
    "S.I.Kom.", "M.I.Kom.", "S.Th.", "S.Sy.", "M.Sy.", "S.H.I.", "M.A.", "M.Sc.", "M.Ec.Dev.", "Ph.D.",
    "Amd.", "A.Md.", "Lc.", "M.PA.", "MPA.", "MBA.", "M.B.A.",
)  # fmt: skip
_DEGREE_KEYS = {re.sub(r"[^A-Z]", "", d.upper()): d for d in DEGREES}
_MAX_KEY = max(map(len, _DEGREE_KEYS))


def _degree_split(letters: str) -> list[str] | None:
    """``letters`` (degree letters, punctuation removed) as a sequence of known degrees, or None."""
    best: list[list[str] | None] = [None] * (len(letters) + 1)
    best[0] = []
    for i in range(len(letters)):
        done = best[i]
        if done is None:
            continue
        for j in range(i + 1, min(len(letters), i + _MAX_KEY) + 1):
            degree = _DEGREE_KEYS.get(letters[i:j])
            if degree is not None and best[j] is None:
                best[j] = [*done, degree]
    return best[len(letters)]


def repair_degrees(name: str) -> str:
    """``"BAMBANG FAUZI, S,Sos."`` → ``"BAMBANG FAUZI, S.Sos."``: the degrees after the first comma
    respelled when, punctuation aside, they are all known degrees (else the name as given)."""
    head, sep, tail = name.partition(",")
    if not sep or not tail.strip():
        return name
    # "S,Sos." may have cut the last name word's comma: the tail is everything after the name
    letters = re.sub(r"[^A-Za-z]", "", tail).upper()
    parts = _degree_split(letters) if letters else None
    if not parts:
        return name
    return f"{head.rstrip()}, {', '.join(parts)}"


_NAME_JUNK = re.compile(r"^[^\w(]+|[\s\-—–_~|•·:;'\"`]+$")


def _ocr_name(name: str) -> str:
    """A signatory name read by OCR: stroke specks around it dropped, degrees respelled.

    Signature strokes read as a short lower-case token before a name in capitals
    ("aa SITI FAJAR TANJUNG") are dropped too.
    """
    words = _ws(_NAME_JUNK.sub("", name)).split(" ")
    while (
        len(words) > 2
        and len(words[0]) <= 3
        and "." not in words[0]
        and not words[0].isupper()
        and words[1].isupper()
    ):
        words = words[1:]
    return repair_degrees(" ".join(words))


MAX_LETTERS_APART = 2  # letters two readings of one name may differ in, one read under a stroke


def _stroked(block: _Block) -> bool:
    """Specks read before the block's signatory ("..LAINAL LUBIS"), or the name's own first
    character not a letter: a signature's stroke crosses its start."""
    name = block.signed_by
    return block.signed_stroked or (bool(name) and _NAME_JUNK.match(name) is not None)


def _letters_apart(a: str, b: str) -> bool:
    """Two readings of one name, word for word of the same length, differing in 1 to
    :data:`MAX_LETTERS_APART` letters ("LAINAL LUBIS" / "ZAINAL LUBIS")."""
    wa, wb = a.split(), b.split()
    if not wa or [len(w) for w in wa] != [len(w) for w in wb]:
        return False
    apart = sum(x != y for x, y in zip("".join(wa), "".join(wb), strict=True))
    return 0 < apart <= MAX_LETTERS_APART


_DIGIT_START = re.compile(r"^[\s:;.]*\d")


def _nomor_line(text: str, on_keputusan: bool) -> bool:
    """Whether ``text`` holds the decree's NOMOR label: at the line start, on the KEPUTUSAN line,
    or after a heading in capitals that an OCR line joined to it ("BANJAR NOMOR: 21/…") when a
    number follows."""
    if _NOMOR.match(text) or (on_keputusan and _NOMOR.search(text)):
        return True
    m = _NOMOR.search(text)
    return bool(m and text[: m.start()].isupper() and _DIGIT_START.match(m.group("v")))


def read_front_matter(pages: list[list[str]], ocr: bool = False) -> FrontMatter:
    """Front-matter fields from the text lines of each page (page 1 first).

    ``ocr``: the lines were read by OCR, so the signatories' degrees are respelled
    (:func:`repair_degrees`); a text layer's are kept exactly as printed.
    """
    lines = _lines(pages)
    if not lines:
        return FrontMatter()
    # the KEPUTUSAN heading comes before the preamble: one OCR misread ("KERUTUSAN") must not
    # make a "Keputusan ... Nomor ..." line of the Mengingat the heading
    opening = next((i for i, line in enumerate(lines) if _section_label(line.text)), len(lines))
    kep = _find(lines, _KEPUTUSAN, 0, opening)
    preamble = next((i for i in range(kep or 0, len(lines)) if _section_label(lines[i].text)), len(lines))
    nomor = next((i for i in range(kep or 0, preamble) if _nomor_line(lines[i].text, i == kep)), None)
    kop, stamped = _kop(lines, kep, nomor)
    fm = FrontMatter(kop=kop, certified_copy=stamped)
    after = (kep or 0) if nomor is None else nomor
    number = ""
    if nomor is not None:
        m = _NOMOR.search(lines[nomor].text)
        assert m is not None
        value = re.split(rf"\s{_label('tentang')}", m.group("v"), maxsplit=1, flags=re.IGNORECASE)[0]
        number = _next_value(lines, nomor, value)
        fm = replace(fm, decree_number=number, page=lines[nomor].page)
        after = nomor + (2 if number and not value.strip() else 1)
    anchors = [
        i for i in range(after, len(lines)) if _DITETAPKAN.match(lines[i].text) or _loose_anchor(lines, i)
    ]
    anchors = sorted({*anchors, *_headless_blocks(lines, after, anchors)})
    if not anchors:
        anchors = [i for i in range(after, len(lines)) if _TANGGAL.match(lines[i].text)][:1]
    body_end = anchors[0] if anchors else len(lines)
    first_section = next((i for i in range(after, body_end) if _section_label(lines[i].text)), body_end)
    tentang = _find(lines, _TENTANG, max(after - 1, 0), first_section)
    if tentang is not None:
        m = _TENTANG.search(lines[tentang].text)
        assert m is not None
        title, issuer = _title_and_issuer(lines, tentang, m.group("v"), first_section)
        fm = replace(fm, title=title, issuer=issuer)
    sec = _sections(lines, first_section, body_end)
    fm = replace(
        fm,
        menimbang=sec.get("menimbang", ""),
        mengingat=sec.get("mengingat", ""),
        menetapkan=sec.get("menetapkan", ""),
        diktum=sec.get("diktum", ""),
    )
    if not anchors:
        return fm
    satker = _words(f"{fm.kop} {fm.issuer}")
    ends = [*anchors[1:], len(lines)]
    blocks = [_block(lines, a, b, satker) for a, b in zip(anchors, ends, strict=True)]
    best = next((b for b in blocks if b.complete), max(blocks, key=lambda b: b.filled))
    certified_by = best.certified_by or next((b.certified_by for b in blocks if b.certified_by), "")
    second = next((b for b in blocks if b is not best and b.signed_by), None)
    fix = _ocr_name if ocr else str
    signed, other = best.signed_by, second.signed_by if second else ""
    if ocr and second and _stroked(best) != _stroked(second) and _letters_apart(fix(signed), fix(other)):
        signed = other = other if _stroked(best) else signed  # the clean reading for both
    return replace(
        fm,
        place=best.place,
        date_text=best.date_text,
        signed_by=fix(signed),
        signed_by_other=fix(other),
        certified_by=fix(certified_by),
        certified_copy=fm.certified_copy or any(b.certified_copy for b in blocks),
    )
