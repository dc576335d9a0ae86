"""Fuzzing the sandbox (issue 19, item 6): malformed and random bodies, over real HTTP.

Whatever arrives, the sandbox never answers 5xx, keeps nothing from a request it refuses, and
every 400 names the field (a JSON pointer; ``/`` is the body as a whole). Bounded to seconds:
a fixed number of examples, no shrinking deadline.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pars_sandbox.server import SandboxServer
from tests.golden.examples import tree
from tests.sandbox.helpers import AUTH, counts

FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ENDPOINTS = ("/activities", "/learner-activities", "/learner-match")
GOLDEN = {
    "/activities": "activities.post.request.json",
    "/learner-activities": "learner-activities.post.request.json",
    "/learner-match": "learner-match.post.request.json",
}

leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated(draw: st.DrawFn, name: str) -> Any:
    """A golden body with one place replaced by a random value, or removed."""
    doc = copy.deepcopy(tree(name))
    paths = [p for p in _paths(doc) if p]
    where = draw(st.sampled_from(paths))
    parent = doc
    for step in where[:-1]:
        parent = parent[step]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[where[-1]]
    else:
        parent[where[-1]] = draw(json_values)
    return doc


def _send(server: SandboxServer, path: str, data: bytes) -> requests.Response:
    before = counts(server)
    r = requests.post(
        server.url + path,
        data=data,
        auth=AUTH,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert r.status_code < 500, (r.status_code, r.text[:300])
    if r.status_code == 400:
        errors = r.json()["errors"]
        assert errors, r.text
        assert all(e["field"] for e in errors), r.text  # every 400 names the field
        after = counts(server)
        assert (after["activities"], after["learner_records"]) == (
            before["activities"],
            before["learner_records"],
        ), "a refused request changed what PARS holds"
    return r


@FUZZ
@given(path=st.sampled_from(ENDPOINTS), data=st.binary(max_size=300))
def test_random_bytes(sandbox: SandboxServer, path: str, data: bytes) -> None:
    _send(sandbox, path, data)


@FUZZ
@given(path=st.sampled_from(ENDPOINTS), value=json_values)
def test_random_json(sandbox: SandboxServer, path: str, value: Any) -> None:
    _send(sandbox, path, json.dumps(value).encode())


@FUZZ
@given(data=st.data())
def test_golden_bodies_with_one_place_broken(sandbox: SandboxServer, data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(ENDPOINTS))
    doc = data.draw(mutated(GOLDEN[path]))
    _send(sandbox, path, json.dumps(doc).encode())
