"""The sandbox's HTTP API (Flask): every call of SPEC §5, plus an admin API for tests.

It judges on its own: bodies are checked against its own copies of ACCME's schemas, then by its
own reading of PARS's rules (``activity_rules``, ``learner_rules``); nothing here imports the
desktop client. A body that breaks the schema is answered 400 with one error per field, and
nothing of it is kept.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request

from pars_sandbox import admin, answers, match_request, schema_check, xml_bodies
from pars_sandbox.activity_book import ActivityBook
from pars_sandbox.admin import DOCUMENT, admin_only, json_object
from pars_sandbox.answers import BadBody, Problem
from pars_sandbox.directory import Directory
from pars_sandbox.faults import Fault, FaultInjector, dropped, error_response, malformed
from pars_sandbox.learner_book import LearnerBook
from pars_sandbox.learner_rules import read_report
from pars_sandbox.settings import Faults, Settings
from pars_sandbox.storage import Storage

JSON = "application/json"
MAX_BODY = 64 * 1024 * 1024
ITEMS = "/ACCMEActivities/MedicalEducationMetrics"
REPORTS = "/ACCMELearnerReports/ActivityReports/ActivityReport"
WHOLE = "/"  # the field of a problem with the body as a whole (not JSON at all, too large)
log = logging.getLogger("pars_sandbox")


def _json(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, mimetype=JSON, headers=headers)


def _error(
    status: int, code: str, message: str, field: str = "", headers: dict[str, str] | None = None
) -> Response:
    return _json(answers.errors([Problem(code, field, message)]), status, headers)


def load_body(data: bytes, kind: str) -> Any:
    """The request's document as a JSON tree: JSON as sent, XML read by ``xml_bodies``."""
    if data.lstrip()[:1] == b"<":
        return xml_bodies.read(data, kind)

    def refuse(name: str) -> None:
        raise BadBody(
            [Problem("malformed", WHOLE, f"The body contains {name}, which JSON does not allow.")]
        )

    try:
        return json.loads(data.decode("utf-8"), parse_constant=refuse)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise BadBody(
            [Problem("malformed", WHOLE, f"The body is not well-formed JSON: {e}")]
        ) from None


def create_app(
    db_path: Path, settings: Settings | None = None, today: Callable[[], date] = date.today
) -> Flask:
    settings = settings or Settings()
    app = Flask("pars_sandbox")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    storage = Storage(db_path)
    directory = Directory(settings.directory_seed, settings.directory_size, settings.practice)
    activities = ActivityBook(storage, today, seed=settings.directory_seed)
    learners = LearnerBook(storage, activities, directory, today, settings)
    faults = FaultInjector(settings.faults)
    app.extensions["pars_sandbox"] = {
        "storage": storage,
        "directory": directory,
        "activities": activities,
        "faults": faults,
        "settings": settings,
    }

    def account() -> str | None:
        auth = request.authorization
        if auth is None or auth.type != "basic":
            return None
        expected = settings.accounts.get(auth.username or "")
        return auth.username if expected is not None and expected == auth.password else None

    def api(handler: Callable[..., Response]) -> Callable[..., Response]:
        """Authentication and fault injection around every PARS call."""

        def wrapped(**kwargs: Any) -> Response:
            who = account()
            if who is None:
                return _error(
                    401,
                    "unauthorized",
                    "The web-services user name or password is wrong.",
                    headers={"WWW-Authenticate": 'Basic realm="PARS"'},
                )
            decision = faults.decide()
            if decision.fault is Fault.ERROR:
                status, body = error_response(decision.variant)
                return Response(body, status=status, mimetype="text/html")
            if decision.fault is Fault.THROTTLE:
                status = 429 if decision.variant % 2 == 0 else 503
                return _error(
                    status,
                    "busy",
                    "PARS is busy; try again shortly.",
                    headers={"Retry-After": str(settings.faults.retry_after)},
                )
            try:
                response = handler(who, **kwargs) if kwargs else handler(who)
            except BadBody as e:
                response = _json(answers.errors(e.problems), 400)
            if decision.fault is Fault.DROP:
                body = response.get_data()
                return Response(
                    dropped(body),
                    status=response.status_code,
                    mimetype=JSON,
                    headers={"Content-Length": str(len(body))},
                )
            if decision.fault is Fault.MALFORMED:
                return _json(malformed(response.get_data(), decision.variant), response.status_code)
            return response

        wrapped.__name__ = handler.__name__
        return wrapped

    def checked(kind: str, schema: str) -> Any:
        doc = load_body(request.get_data(), kind)
        problems = schema_check.problems(doc, schema)
        if problems:
            raise BadBody(problems)
        return doc

    def post_activities(who: str) -> Response:
        doc = checked("activities", schema_check.ACTIVITIES)
        items = doc["ACCMEActivities"]["MedicalEducationMetrics"]
        found = activities.submit(who, [(f"{ITEMS}/{i}", item) for i, item in enumerate(items)])
        return _json(answers.results(found))

    def one_activity(found: tuple[dict[str, Any], int] | None, which: str) -> Response:
        if found is None:
            return _error(404, "not_found", f"PARS has no activity {which}.", "activityId")
        item, version = found
        body = answers.dump({"ACCMEActivities": {"MedicalEducationMetrics": [item]}})
        return _json(body, headers={"ETag": f'"{version}"'})

    def get_activities(who: str) -> Response:
        pai = request.args.get("providerActivityId", "")
        return one_activity(activities.get(who, provider_id=pai), pai)

    def get_activity(who: str, accme_id: str) -> Response:
        return one_activity(activities.get(who, accme_id=accme_id), accme_id)

    def post_learners(who: str) -> Response:
        doc = checked("learners", schema_check.LEARNERS)
        # The learner schema's root names no type and requires nothing (reading 18): an empty
        # or absent document passes it, and PARS has nothing to take from it.
        if not isinstance(doc, dict) or not isinstance(doc.get("ACCMELearnerReports"), dict):
            raise BadBody(
                [
                    Problem(
                        "required", "/ACCMELearnerReports", "Send an ACCMELearnerReports document."
                    )
                ]
            )
        reports = doc["ACCMELearnerReports"]["ActivityReports"]["ActivityReport"]
        found = learners.submit(
            who, [(f"{REPORTS}/{i}", read_report(r)) for i, r in enumerate(reports)]
        )
        return _json(answers.results(found))

    def get_status(who: str) -> Response:
        ids = request.args.getlist("CreditId")
        if not ids:
            return _error(400, "required", "Give at least one CreditId.", "CreditId")
        return _json(answers.statuses(learners.statuses(who, ids)))

    def delete_learner(who: str, credit_id: str) -> Response:
        if not learners.delete(who, credit_id):
            return _error(
                404, "not_found", "PARS has no learner record with this Credit ID.", "CreditID"
            )
        return Response(status=204)

    def post_match(who: str) -> Response:
        doc = load_body(request.get_data(), "match")
        queries = match_request.read(doc)
        return _json(answers.matches(directory.answer(ref, identity) for ref, identity in queries))

    app.add_url_rule("/activities", view_func=api(post_activities), methods=["POST"])
    app.add_url_rule(
        "/activities", view_func=api(get_activities), methods=["GET"], endpoint="get_activities"
    )
    app.add_url_rule("/activities/<accme_id>", view_func=api(get_activity), methods=["GET"])
    app.add_url_rule("/learner-activities", view_func=api(post_learners), methods=["POST"])
    app.add_url_rule("/learner-activities/status", view_func=api(get_status), methods=["GET"])
    app.add_url_rule(
        "/learner-activities/<credit_id>", view_func=api(delete_learner), methods=["DELETE"]
    )
    app.add_url_rule("/learner-match", view_func=api(post_match), methods=["POST"])

    # --- admin API: for tests and demos, never part of the PARS contract ---------------------
    # Guarded by pars_sandbox.admin: the admin user's credentials, and JSON bodies only.

    @app.post("/_admin/faults")
    @admin_only(settings, body=admin.JSON)
    def set_faults() -> Response:
        try:
            settings.faults = Faults.from_dict(json_object())
        except (TypeError, ValueError) as e:
            return Response(str(e), status=400)
        faults.configure(settings.faults)
        return Response(status=204)

    @app.post("/_admin/board-polls")
    @admin_only(settings, body=admin.JSON)
    def set_board_polls() -> Response:
        try:
            settings.board_polls = int(json_object().get("polls", 1))
        except (TypeError, ValueError) as e:
            return Response(str(e), status=400)
        return Response(status=204)

    @app.post("/_admin/reset")
    @admin_only(settings, body=admin.JSON)
    def reset() -> Response:
        storage.reset()
        return Response(status=204)

    @app.get("/_admin/counts")
    @admin_only(settings)
    def counts() -> Response:
        return jsonify({**storage.counts(), "faults": dict(faults.counts)})

    @app.put("/_admin/activities/<accme_id>")
    @admin_only(settings, body=DOCUMENT)
    def edit(accme_id: str) -> Response:
        """Change an activity as if on PARS's web form: the body is one activity document."""
        try:
            doc = load_body(request.get_data(), "activities")
            item = doc["ACCMEActivities"]["MedicalEducationMetrics"][0]
        except (BadBody, KeyError, IndexError, TypeError) as e:
            return Response(f"not an activity document: {e}", status=400)
        version = activities.edit_on_server(accme_id, item)
        if version is None:
            return Response(status=404)
        return Response(str(version), status=200)

    @app.errorhandler(413)
    def too_large(_e: Exception) -> Response:
        return _error(413, "too_large", f"The document is over the {MAX_BODY:,}-byte limit.", WHOLE)

    return app
