"""The store of content/articles: front-mattered Markdown files, read and written."""
