"""Alembic migrations of the local store; applied automatically when a store is opened."""
