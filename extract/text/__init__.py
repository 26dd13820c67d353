"""The PDF's own text: PDFium reading (characters, ruling, fills), text lines, rule geometry."""
