"""Assembling PDFs with pypdf: outline, page labels, metadata, per-part splits."""
