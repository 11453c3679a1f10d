"""Alembic environment: always runs on the connection handed over by ``reports.store.engine``.

There is no ``alembic.ini``: the store opens its own connection (with the SQLite pragmas and the
write lock already taken) and passes it in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from reports.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "reports/store/migrations runs only through reports.store.open_store(), which supplies the "
        "database connection; there is no alembic.ini to use from the command line"
    )
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
