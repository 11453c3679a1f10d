"""Project assessment (research security): levels for the three EU risk areas.

The levels come from a screened description, its partners, people, entity-list hits and cues.

- :mod:`classifiers.projects.facts`: what the rules read;
- :mod:`classifiers.projects.participants`: partners, people and named countries by country group;
- :mod:`classifiers.projects.rules`: the level rules of each area;
- :mod:`classifiers.projects.assess`: levels -> outcome, measures and reasons;
- :mod:`classifiers.projects.measures`: the measures table, English and Norwegian.
"""
