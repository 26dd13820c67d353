"""Pixels: render, clean-up, orientation, ruling and marks found in pixels, the Tesseract engine."""
