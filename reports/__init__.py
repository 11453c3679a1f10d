"""Reports: what becomes of screening results.

``reports.render`` turns results into terminal, JSON and self-contained HTML reports (one
registry, ``FORMATS``); ``reports.store`` keeps everything persistent: results, review cases,
share grants, the audit log and the database migrations; ``reports.shares`` runs a cloud-share
scan (read, find content, decide, store). Importing this package loads none of them.
"""
