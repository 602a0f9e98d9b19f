"""briefing: turn raw news articles into a searchable, multilingual briefing site."""

__version__ = "0.1.0"
