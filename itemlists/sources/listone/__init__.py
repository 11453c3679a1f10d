"""Importer for Norway's official List I PDF, in the order the text flows through it.

- ``itemlists.sources.pdf_lines``: the PDF's positioned lines, running heads and contents
  pages set aside (shared with List II).
- ``tree``: lines into entries, items and notes; ``labels`` decides where an item label
  ("a.", "12.") goes; ``notes`` joins lines and gives each note its provision.
- ``itemlists.sources.pdf_provisions``: drafts into the provisions frame and import report
  (shared with List II, whose importer subclasses ``tree.TreeBuilder``).
- ``checks``: List I integrity checks; ``parser``: ``parse_list_one_pdf``, the entry point.

Nothing is imported here, so the shared modules can import ``tree`` and ``notes`` without
a cycle through the parser.
"""
