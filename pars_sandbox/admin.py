"""The guard on the sandbox's admin API (``/_admin/*``).

Those endpoints can reset every account's data and switch fault injection on, so:

- they need the admin user's credentials (HTTP Basic; ``Settings.admin_auth``), which no PARS
  account has, compared in constant time;
- a body must be JSON (or, for the activity edit, the PARS document type). A cross-site HTML
  form can only send ``text/plain``, ``application/x-www-form-urlencoded`` or
  ``multipart/form-data``, and a browser script sending JSON cross-site needs a CORS
  pre-flight this server never grants — so a web page cannot drive them.
"""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import Response, request

from pars_sandbox.settings import ADMIN_USER, Settings

JSON = frozenset({"application/json"})
DOCUMENT = frozenset({"application/xml", "application/json"})  # what /activities takes
F = TypeVar("F", bound=Callable[..., Response])


def admin_only(settings: Settings, body: frozenset[str] | None = None) -> Callable[[F], F]:
    def wrap(view: F) -> F:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Response:
            if not _is_admin(settings):
                return Response(
                    "The admin API needs the sandbox's admin credentials.\n",
                    status=401,
                    mimetype="text/plain",
                    headers={"WWW-Authenticate": 'Basic realm="PARS sandbox admin"'},
                )
            if body is not None and request.mimetype not in body:
                return Response(
                    f"The admin API takes {' or '.join(sorted(body))} only.\n",
                    status=415,
                    mimetype="text/plain",
                )
            return view(*args, **kwargs)

        return cast(F, guarded)

    return wrap


def json_object() -> dict[str, Any]:
    """The request's JSON object; ValueError for anything else (a 400, never a 500)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def _is_admin(settings: Settings) -> bool:
    auth = request.authorization
    if auth is None or auth.type != "basic":
        return False
    user_ok = hmac.compare_digest((auth.username or "").encode(), ADMIN_USER.encode())
    password_ok = hmac.compare_digest(
        (auth.password or "").encode(), settings.admin_password.encode()
    )
    return user_ok and password_ok
