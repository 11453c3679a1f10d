"""Analysis: a ``Document``'s text -> ``Analysis`` (sentences, candidate terms, quantities).

The entry point is :func:`extractors.analysis.analyse.analyse`; the other modules are its
parts: the spaCy pipeline (:mod:`~extractors.analysis.nlp`), context rules
(:mod:`~extractors.analysis.context` with ``negation_scope`` and ``regex_syntax``), quantities
and units (``quantities``, ``comparators``, ``units``, ``unit_spellings``), chemistry,
catch-all cues, security-grade markings, readiness level (TRL) and language detection and
glossing (``language``, ``cognates``).
Import from the modules themselves; this package re-exports nothing, so importing one part
does not load the spaCy pipeline or the others.
"""
