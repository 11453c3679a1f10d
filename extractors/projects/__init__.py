"""Project descriptions' side inputs: partners files, countries named in text, and project cues.

- :mod:`extractors.projects.partners`: the partners CSV -> partner rows (quarantined rows kept
  with their reason);
- :mod:`extractors.projects.countries`: country codes from names in English and Norwegian, and
  countries named in running text;
- :mod:`extractors.projects.cues`: funding, publication-condition and ethics cues in a
  description's sentences.
"""
