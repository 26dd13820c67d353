"""The pictures a review sheet links to, written in one go (``rencana review OUT --pictures``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rencana.show.names import SHOW_DIR

_LINK = re.compile(rf"^{SHOW_DIR}/(?P<doc>[0-9a-f]+)-row(?P<row>\d+)/index\.html$")


@dataclass
class Written:
    """What a batch of row pictures came to: pictures written, links that could not be drawn."""

    written: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (link, one-line reason)


def write_linked_pictures(
    out: Path, links: Iterable[object], on_done: Callable[[str], None] | None = None
) -> Written:
    """Draw each distinct ``show/<doc>-row<N>/index.html`` link of ``links`` beside ``out``'s
    tables; a row whose PDF is gone or unreadable gets its reason and the batch goes on."""
    from rencana.show.row import show_row  # the drawing stack, loaded only when asked

    done = Written()
    for link in dict.fromkeys(str(x) for x in links if isinstance(x, str)):
        m = _LINK.match(link)
        if m is None:
            continue
        try:
            done.written.append(show_row(out, m["doc"], int(m["row"]), (out / link).parent))
        except (LookupError, OSError, ValueError) as exc:
            done.failed.append((link, f"{type(exc).__name__}: {exc}".splitlines()[0]))
        if on_done is not None:
            on_done(link)
    return done
