"""What extract/ can be told, as data: one frozen dataclass holding each stage's settings.

``pipeline/model.py`` fingerprints ``asdict(ExtractSettings())``, so every field here (and
in the nested settings) is part of ``settings_id``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rencana.extract.ocr.settings import OcrSettings
from rencana.extract.precheck import PrecheckSettings
from rencana.extract.table.settings import TableSettings
from rencana.extract.text.layer import TextSettings
from rencana.schema.issues import LOW_OCR_CONF

# LOW_OCR_CONF (schema/issues.py, shared with normalise/): a row whose weakest text cell (the
# *minimum* of its cells' OCR confidences) reads below it is flagged ``low_ocr_confidence``.


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    text: TextSettings = field(default_factory=TextSettings)
    precheck: PrecheckSettings = field(default_factory=PrecheckSettings)
    ocr: bool = True  # read pages routed to OCR (when the caller gives an OCR backend)
    ocr_settings: OcrSettings = field(default_factory=OcrSettings)
    table: TableSettings = field(default_factory=TableSettings)
    low_ocr_conf: float = LOW_OCR_CONF

    def __post_init__(self) -> None:
        if not 0 <= self.low_ocr_conf <= 100:
            raise ValueError(f"ExtractSettings.low_ocr_conf must be within 0..100, got {self.low_ocr_conf!r}")
