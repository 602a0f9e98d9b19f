"""Extractors: what a stage reads out of an article's text (figures, names, dates, sources)."""
