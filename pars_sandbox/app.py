"""The sandbox's HTTP API (Flask): every call of SPEC §5, plus an admin API for tests."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, request

from desktop.sync.contract.activity_document import build_activities, parse_activities
from desktop.sync.contract.learner_document import parse_learner_reports
from desktop.sync.contract.match_document import build_match_answers, parse_match_request
from desktop.sync.contract.results_document import (
    FieldError,
    build_errors,
    build_results,
    build_statuses,
)
from desktop.sync.contract.wire import ContractError
from pars_sandbox.activity_book import ActivityBook
from pars_sandbox.admin import DOCUMENT, JSON, admin_only, json_object
from pars_sandbox.directory import Directory
from pars_sandbox.faults import Fault, FaultInjector, dropped, error_response, malformed
from pars_sandbox.learner_book import LearnerBook
from pars_sandbox.settings import Faults, Settings
from pars_sandbox.storage import Storage

XML = "application/xml"
MAX_BODY = 64 * 1024 * 1024
log = logging.getLogger("pars_sandbox")


def _xml(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, mimetype=XML, headers=headers)


def _error(
    status: int, code: str, message: str, field: str = "", headers: dict[str, str] | None = None
) -> Response:
    return _xml(build_errors([FieldError(code, field, message)]), status, headers)


def create_app(
    db_path: Path, settings: Settings | None = None, today: Callable[[], date] = date.today
) -> Flask:
    settings = settings or Settings()
    app = Flask("pars_sandbox")
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    storage = Storage(db_path)
    directory = Directory(settings.directory_seed, settings.directory_size)
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
            response = handler(who, **kwargs) if kwargs else handler(who)
            if decision.fault is Fault.DROP:
                body = response.get_data()
                return Response(
                    dropped(body),
                    status=response.status_code,
                    mimetype=XML,
                    headers={"Content-Length": str(len(body))},
                )
            if decision.fault is Fault.MALFORMED:
                return _xml(malformed(response.get_data(), decision.variant), response.status_code)
            return response

        wrapped.__name__ = handler.__name__
        return wrapped

    def post_activities(who: str) -> Response:
        try:
            envelopes = parse_activities(request.get_data())
        except ContractError as e:
            return _error(400, "malformed", str(e))
        return _xml(build_results(activities.submit(who, envelopes)))

    def get_activities(who: str) -> Response:
        pai = request.args.get("providerActivityId", "")
        env = activities.get(who, provider_id=pai)
        if env is None:
            return _error(404, "not_found", f"PARS has no activity {pai}.", "provider_activity_id")
        return _xml(build_activities([env]))

    def get_activity(who: str, accme_id: str) -> Response:
        env = activities.get(who, accme_id=accme_id)
        if env is None:
            return _error(
                404, "not_found", f"PARS has no activity {accme_id}.", "accme_activity_id"
            )
        return _xml(build_activities([env]))

    def post_learners(who: str) -> Response:
        try:
            reports = parse_learner_reports(request.get_data())
        except ContractError as e:
            return _error(400, "malformed", str(e))
        return _xml(build_results(learners.submit(who, reports)))

    def get_status(who: str) -> Response:
        ids = request.args.getlist("CreditId")
        if not ids:
            return _error(400, "required", "Give at least one CreditId.", "CreditId")
        return _xml(build_statuses(learners.statuses(who, ids)))

    def delete_learner(who: str, credit_id: str) -> Response:
        if not learners.delete(who, credit_id):
            return _error(
                404, "not_found", "PARS has no learner record with this Credit ID.", "credit_id"
            )
        return Response(status=204)

    def post_match(who: str) -> Response:
        try:
            queries = parse_match_request(request.get_data())
        except ContractError as e:
            return _error(400, "malformed", str(e))
        return _xml(build_match_answers(directory.answer(q.ref, q.learner) for q in queries))

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
    @admin_only(settings, body=JSON)
    def set_faults() -> Response:
        try:
            settings.faults = Faults.from_dict(json_object())
        except (TypeError, ValueError) as e:
            return Response(str(e), status=400)
        faults.configure(settings.faults)
        return Response(status=204)

    @app.post("/_admin/board-polls")
    @admin_only(settings, body=JSON)
    def set_board_polls() -> Response:
        try:
            settings.board_polls = int(json_object().get("polls", 1))
        except (TypeError, ValueError) as e:
            return Response(str(e), status=400)
        return Response(status=204)

    @app.post("/_admin/reset")
    @admin_only(settings, body=JSON)
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
        try:
            envelopes = parse_activities(request.get_data())
        except ContractError as e:
            return _error(400, "malformed", str(e))
        version = activities.edit_on_server(accme_id, envelopes[0].record)
        return Response(str(version), status=200)

    @app.errorhandler(413)
    def too_large(_e: Exception) -> Response:
        return _error(413, "too_large", f"The document is over the {MAX_BODY:,}-byte limit.")

    return app
