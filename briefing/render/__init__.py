"""The pages: the briefing's Markdown pages for MkDocs, and what they show of each article."""
