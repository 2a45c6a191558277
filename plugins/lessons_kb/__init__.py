"""Lessons KB: a validated, cross-linked knowledge base of missions, findings and lessons.

The core (loading, validation, cross-linking, rendering, exports) knows nothing of MkDocs;
`lessons_kb.engines.mkdocs` adapts it to MkDocs and `lessons_kb.cli.main` to the command line.
"""

from lessons_kb.checks.run import LoadResult, build_date, load_knowledge_base
from lessons_kb.model import Entry, KnowledgeBase
from lessons_kb.problems import Problem, Severity

__all__ = [
    "Entry",
    "KnowledgeBase",
    "LoadResult",
    "Problem",
    "Severity",
    "build_date",
    "load_knowledge_base",
]
__version__ = "0.1.0"
