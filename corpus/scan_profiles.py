"""Bad copies for the scan corpus: a photocopy profile and a phone-photo profile.

A *profile* is a :class:`~rencana.corpus.scan.ScanSettings` (dpi, JPEG, skew ranges) plus
the damage :func:`degrade` does to a page after the marks, the turn and the skew:

* ``photocopy``: a copy of a copy scanned grey: bold toner, mottled paper, a darkened page
  edge and a lid shadow, toner streaks along the feed direction and a pale drop-out streak,
  speckles; 150–200 dpi, JPEG 25–45.
* ``phone``: the sheet photographed on a desk: keystoned (each corner pulled in by 2–6 % of
  the page), a desk around it with the sheet's shadow, light falling off across the sheet and
  towards the corners, soft focus; colour kept; 150–200 dpi, JPEG 50–70.

Every draw comes from the page's ``random.Random``: the same seed gives the same bytes.
Nothing in ``extract/`` may import this module or know its ranges.
"""

from __future__ import annotations

import random
from typing import Literal

import cv2
import numpy as np
import numpy.typing as npt

Profile = Literal["clean", "photocopy", "phone"]
ProfileChoice = Literal["clean", "photocopy", "phone", "mixed"]
PROFILES: tuple[Profile, ...] = ("clean", "photocopy", "phone")
Float = npt.NDArray[np.float32]
Image = npt.NDArray[np.uint8]  # H x W x 3, BGR

DESK_BGR = ((60, 85, 120), (70, 70, 75), (40, 60, 95), (90, 95, 100), (35, 35, 40))


def pick_profile(choice: ProfileChoice, rng: random.Random) -> Profile:
    """``mixed``: one profile per decree, a third each."""
    if choice == "mixed":
        return PROFILES[rng.randrange(len(PROFILES))]
    return choice


def degrade(img: Image, profile: str, rng: random.Random, scale: float) -> tuple[Image, tuple[str, ...]]:
    """The profile's damage to one page (BGR in, BGR out; a photocopy comes out grey)."""
    if profile == "photocopy":
        return _photocopy(img, rng, scale)
    if profile == "phone":
        return _phone(img, rng)
    return img, ()


def _field(shape: tuple[int, int], rng: random.Random, sigma: float) -> Float:
    """Smooth random field, about -1..1, varying over ``sigma`` pixels."""
    nrng = np.random.default_rng(rng.getrandbits(64))
    small = (max(2, round(shape[0] / sigma)), max(2, round(shape[1] / sigma)))
    base = nrng.normal(0, 1, small).astype(np.float32)
    big = cv2.resize(base, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)
    return np.asarray(np.clip(np.asarray(big, np.float32) / 1.5, -1, 1), np.float32)


def _photocopy(img: Image, rng: random.Random, scale: float) -> tuple[Image, tuple[str, ...]]:
    g = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)
    h, w = g.shape
    effects = ["grey"]
    if rng.random() < 0.7:  # bold toner: strokes thicken, dark gets darker
        k = 2 if scale < 2.6 else 3
        g = cv2.erode(g, np.ones((k, k), np.uint8)).astype(np.float32)
        effects.append("bold")
    g = np.clip((g - rng.uniform(20, 45)) * rng.uniform(1.05, 1.2), 0, 255)
    mottle = _field((h, w), rng, 18 * scale) * rng.uniform(6, 16)
    g = np.minimum(g, 255) + mottle * (g > 120)
    effects.append("mottle")
    g = _dark_edges(g, rng)
    effects.append("dark-edges")
    g = _streaks(g, rng, scale)
    effects.append("streaks")
    out = np.clip(g, 0, 255).astype(np.uint8)
    return np.ascontiguousarray(cv2.cvtColor(out, cv2.COLOR_GRAY2BGR)), tuple(effects)


def _dark_edges(g: Float, rng: random.Random) -> Float:
    """A dark band along one or two page edges (the lid not closed on the book), soft inside."""
    h, w = g.shape
    edges = rng.sample(["left", "right", "top", "bottom"], rng.randint(1, 2))
    for edge in edges:
        span = w if edge in ("left", "right") else h
        width = rng.uniform(0.015, 0.05) * span
        ramp = np.arange(span, dtype=np.float32)
        if edge in ("right", "bottom"):
            ramp = ramp[::-1]
        dark = np.clip(1 - ramp / width, 0, 1) ** 1.5 * rng.uniform(0.5, 0.8)
        dark = dark[None, :] if edge in ("left", "right") else dark[:, None]
        g = g * (1 - dark)
    return g


def _streaks(g: Float, rng: random.Random, scale: float) -> Float:
    """Toner streaks (thin dark lines) and a pale drop-out band along the feed direction."""
    h, w = g.shape
    vertical = rng.random() < 0.75
    span = w if vertical else h
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(span)
        thick = max(1, round(rng.uniform(0.3, 1.2) * scale))
        level = rng.uniform(0.35, 0.75)  # multiply: 0.35 is dark toner
        fade = 0.5 + 0.5 * _field((h, w), rng, 40 * scale)
        sl = (slice(None), slice(pos, pos + thick)) if vertical else (slice(pos, pos + thick), slice(None))
        g[sl] = g[sl] * (1 - (1 - level) * fade[sl])
    pos = rng.randrange(span)
    band = max(2, round(rng.uniform(1.5, 4) * scale))
    sl = (slice(None), slice(pos, pos + band)) if vertical else (slice(pos, pos + band), slice(None))
    g[sl] = g[sl] + (255 - g[sl]) * rng.uniform(0.3, 0.6)
    return g


def _phone(img: Image, rng: random.Random) -> tuple[Image, tuple[str, ...]]:
    h, w = img.shape[:2]
    lit = _lighting(img.astype(np.float32), rng)
    margin = rng.uniform(0.03, 0.07)
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    pulls = [rng.uniform(0.02, 0.06) for _ in range(4)]
    dst = np.array(
        [
            [w * (margin + pulls[0]), h * (margin + rng.uniform(0, 0.02))],
            [w * (1 - margin - pulls[1]), h * (margin + rng.uniform(0, 0.02))],
            [w * (1 - margin - rng.uniform(0, 0.02)), h * (1 - margin - pulls[2] / 2)],
            [w * (margin + rng.uniform(0, 0.02)), h * (1 - margin - pulls[3] / 2)],
        ],
        np.float32,
    )
    if rng.random() < 0.5:  # the near edge at the top instead
        dst = np.array([[x, h - y] for x, y in dst[[3, 2, 1, 0]]], np.float32)
    m = cv2.getPerspectiveTransform(corners, dst)
    sheet = cv2.warpPerspective(lit, m, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (w, h), flags=cv2.INTER_LINEAR)
    desk = _desk((h, w), rng)
    shadow = cv2.GaussianBlur(
        np.roll(mask, (round(h * 0.008), round(w * 0.006)), axis=(0, 1)), (0, 0), w * 0.01
    )
    desk = desk * (1 - 0.5 * shadow[:, :, None])
    out = sheet * mask[:, :, None] + desk * (1 - mask[:, :, None])
    return np.clip(out, 0, 255).astype(np.uint8), ("light", "keystone", "desk")


def _lighting(img: Float, rng: random.Random) -> Float:
    """Light falling off across the sheet (a linear gradient) and towards the corners (vignette)."""
    h, w = img.shape[:2]
    sh, sw = max(2, h // 8), max(2, w // 8)  # smooth: drawn small, then enlarged
    ys, xs = np.mgrid[0:sh, 0:sw].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    t = ((xs / sw - 0.5) * np.cos(ang) + (ys / sh - 0.5) * np.sin(ang)) + 0.5
    grad = 1 - rng.uniform(0.1, 0.25) * np.clip(t, 0, 1)
    r2 = ((xs / sw - 0.5) ** 2 + (ys / sh - 0.5) ** 2) / 0.5
    vignette = 1 - rng.uniform(0.08, 0.18) * r2
    light = cv2.resize(grad * vignette, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.asarray(img * light[:, :, None], np.float32)


def _desk(shape: tuple[int, int], rng: random.Random) -> Float:
    colour = np.array(DESK_BGR[rng.randrange(len(DESK_BGR))], np.float32)
    grain = _field(shape, rng, shape[1] / 40)[:, :, None] * 12
    return np.asarray(np.broadcast_to(colour, (*shape, 3)) + grain, np.float32)
