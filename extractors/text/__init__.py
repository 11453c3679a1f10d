"""Text: word-level normalisation shared by document analysis and the item-list index.

:mod:`~extractors.text.normalise` (spelling, plurals, stop words),
:mod:`~extractors.text.stems` (derivational keys) and :mod:`~extractors.text.lexicon`
(variant and implied-word tables in ``data/``). Import from the modules themselves.
"""
