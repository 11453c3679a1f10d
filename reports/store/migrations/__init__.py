"""Alembic migrations of the results store, run programmatically by ``reports.store.engine``."""
