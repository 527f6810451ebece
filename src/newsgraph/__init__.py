"""newsgraph: evidence-linked facts (who did what to whom, when and where, who said it, what the
numbers were) from international-news articles."""

from .errors import InputError, KnowledgeBaseError, NewsgraphError
from .model import Analysis, Document, Entity, Event, Quantity, Quote, Timex
from .pipeline import analyze, analyze_many

__version__ = "0.1.0"
__all__ = [
    "analyze",
    "analyze_many",
    "Analysis",
    "Document",
    "Entity",
    "Event",
    "Quote",
    "Quantity",
    "Timex",
    "NewsgraphError",
    "InputError",
    "KnowledgeBaseError",
    "__version__",
]
