"""Read-only list queries for large tables: filtering, sorting and paging done in SQL."""
