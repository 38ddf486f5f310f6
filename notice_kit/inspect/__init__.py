"""Reading documents back: text with positions from PDFs (and, later, .docx structure)."""
