"""Bringing existing lessons in: tables (CSV, Excel, JSON Lines) made into entries.

A table is read (`tables`), its rows are made into candidate entries by a mapping
(`mapping`, `convert`, `entrytext`), every candidate is checked by the very checks of
`lessons-kb check` (`checking`), and only then written (`write`), all or nothing unless
asked otherwise. `plan` runs those steps; `suggest` writes a first mapping.
"""
