"""Reports: what becomes of screening results.

``reports.render`` turns results into terminal, JSON and self-contained HTML reports (one
registry, ``FORMATS``); ``reports.store`` keeps everything persistent: results, review cases,
share grants, the audit log and the database migrations. Importing this package loads
neither.
"""
