"""Page layout of a notice: profiles and text placement rules (GB/T 9704-2012)."""
