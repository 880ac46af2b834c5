"""The JSON API is true to its OpenAPI document: schemathesis generates requests for every operation
from the published schema (valid ones and, as negative cases, invalid ones: out-of-range ids, NUL
characters, wrong types, unparseable bodies, undeclared methods) and checks every answer: no server
error; a documented status code, content type, headers and body (errors in the one ErrorBody);
schema-invalid input refused; a 405 names the allowed methods; a request without the token is 401.

Authenticated with the API token of a 规划办 planner, so writes reach their validation. Bounded:
MAX_EXAMPLES generated cases per operation, no example database, fixed seed (the same cases every
run). Not checked: `positive_data_acceptance` (a schema-valid value the plan does not hold, such as
an unknown indicator, is a documented 422 by the import's rules, not a schema violation) and the
stateful checks (the API declares no links between operations).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi import checks as openapi_checks

from guihua.store.repository import open_store
from guihua.web.app import create_app
from tests.integration.web_fixture import BASE_URL, demo_settings

MAX_EXAMPLES = 10
CHECKS = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "unsupported_method", "allow_header_conformance",
    "missing_required_header", "ignored_auth",
]


def _served() -> tuple[Any, str]:
    """The app over a fresh demo database, and the API token of a planner (built when the module is
    collected: the parametrized test is generated from this app's OpenAPI document)."""
    settings = demo_settings(Path(tempfile.mkdtemp(prefix="guihua-schema-")), accounts=("admin", "planner"))
    store = open_store(settings.database_url)
    try:
        token = store.new_api_token("planner", user="测试")
    finally:
        store.dispose()
    return create_app(settings), token


APP, TOKEN = _served()
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


def _checks() -> list[Any]:
    load_all_checks()
    from schemathesis import checks as core_checks

    found = []
    for name in CHECKS:
        fn = getattr(openapi_checks, name, None) or getattr(core_checks, name, None)
        assert fn is not None, name
        found.append(fn)
    return found


def test_the_schema_documents_every_error_with_one_body() -> None:
    """Every operation names 401, writes 403, operations with parameters 404 and 422, and each error
    answer of /api is the ErrorBody; the versioned edits name 409, the upload 413 and 202."""
    spec = APP.openapi()
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            codes = set(op["responses"])
            assert "401" in codes, (method, path)
            if method != "get":
                assert "403" in codes, (method, path)
            if op.get("parameters") or "requestBody" in op:
                assert {"404", "422"} <= codes, (method, path)
            for code, answer in op["responses"].items():
                if code.startswith("4") and path.startswith("/api"):
                    assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    edits = ["/api/plans/{plan}/targets/{target_id}/review", "/api/plans/{plan}/indicators/{key}",
             "/api/projects/{project_id}/links/{link_id}", "/api/plans/{plan}/proposals/{proposal_id}"]
    for path in edits:
        assert "409" in spec["paths"][path]["post"]["responses"], path
        body = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        model = spec["components"]["schemas"][body.rsplit("/", 1)[1]]
        assert "expected_version" in model["required"], path
    upload = spec["paths"]["/api/plans/{plan}/observations/upload"]["post"]["responses"]
    assert {"201", "202", "413", "422"} <= set(upload)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_api_answers_as_its_schema_says(case: Any) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}", "Host": "127.0.0.1"}
    case.call_and_validate(headers=headers, base_url=BASE_URL, checks=_checks())
