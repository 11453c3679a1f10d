"""Tables derived from a list version's provisions.

The term index, thresholds, exclusion and inclusion notes, qualifiers, purposes, technology
links, item names and definitions; ``tables`` computes the ones saved at install and joins
them per run, ``conditions`` the cheap ones read at load.
"""
