"""What a question tree takes from the knowledge base: `kb` and `choices_from` choices.

The model layer never imports the law; whoever loads a tree passes `tree_knowledge()`.
"""

from __future__ import annotations

from sharewiz.errors import KnowledgeError
from sharewiz.law.knowledge import KnowledgeBase, load_knowledge
from sharewiz.model.expressions import compile_expression
from sharewiz.model.tree import Choice, TreeKnowledge


def tree_knowledge(kb: KnowledgeBase | None = None) -> TreeKnowledge:
    """The knowledge a tree's choices and expressions use (the built-in base by default)."""
    base = kb if kb is not None else load_knowledge()

    def choices(collection: str, choice_filter: str | None) -> tuple[Choice, ...]:
        """A collection's entries as choices, kept where `choice_filter` holds for `entry`."""
        try:
            entries = base.collection(collection).entries
        except KnowledgeError as exc:
            raise LookupError(f"{exc.message} ({exc.hint})" if exc.hint else exc.message) from exc
        keep = compile_expression(choice_filter) if choice_filter else None
        return tuple(
            Choice(e.id, e.title, e.summary, e.citation)
            for e in entries
            if keep is None or keep(entry=e, kb=base)
        )

    return TreeKnowledge(kb=base, choices=choices)
