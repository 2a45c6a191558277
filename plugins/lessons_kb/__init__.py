"""Lessons KB: a validated, cross-linked knowledge base of missions, findings and lessons.

The core (loading, validation, cross-linking, rendering, exports) knows nothing of MkDocs;
`lessons_kb.plugin` adapts it to MkDocs and `lessons_kb.cli` to the command line.
"""

from .core import LoadResult, build_date, load_knowledge_base
from .model import Entry, KnowledgeBase
from .problems import Problem, Severity

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
