"""Translated entries: sibling files (`<id>.es.md`) that carry an entry's text in another
language, the version of the source they translate, and their status in each build."""
