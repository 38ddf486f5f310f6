"""Renderers: turn a package model into documents (plain text, .docx)."""
