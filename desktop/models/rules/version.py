"""The version of the activity rules whose result is stored (``activity.rule_level``).

Bump ``RULES_VERSION`` with any change to the rules that can change an activity's stored level:
on the next open every activity's level is computed again (``maintenance``), so no row is left
judged by the old rules and no migration has to be written for it. The store keeps the version
it was computed with in SQLite's ``user_version`` header field (Alembic keeps its own table).
"""

RULES_VERSION = 1
