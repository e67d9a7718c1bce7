"""Keys for writing: 401 without a key, 403 with a wrong or revoked one, the write with a valid
one, on every write route; reads open; a scenario private to its key until it publishes it;
quotas; the record of writes, which names keys by id and never holds a key.

The write routes are listed here (``WRITES``) and checked against the OpenAPI document, so a
new write route (a sweep, say) fails this module until it is listed and guarded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from live_server import SMALL_SCENARIO

from umbrella.service.http.app import create_app
from umbrella.service.http.keyfile import add_key, revoke_key
from umbrella.service.http.settings import Settings

PROBLEM = "application/problem+json"


@dataclass
class Keys:
    """The keys of the service under test: two holders, one revoked, one with a quota of 2."""

    alice: str
    bob: str
    carol_revoked: str
    dave_quota_2: str
    ids: dict[str, str]


@dataclass
class Served:
    client: TestClient
    keys: Keys
    audit: Path
    keys_file: Path


def _bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, dask_scheduler: str) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("access")
    keys_file = folder / "keys.json"
    made = {name: add_key(keys_file, name) for name in ("alice", "bob", "carol")}
    made["dave"] = add_key(keys_file, "dave", max_scenarios=2)
    revoke_key(keys_file, made["carol"][0].id)
    keys = Keys(
        made["alice"][1],
        made["bob"][1],
        made["carol"][1],
        made["dave"][1],
        {name: record.id for name, (record, _) in made.items()},
    )
    settings = Settings(
        data_dir=folder / "data",
        keys_file=keys_file,
        audit_log=folder / "audit.jsonl",
        rate_writes_per_minute=0,
        rate_analyses_per_minute=0,
        rate_renders_per_minute=0,
        dask_scheduler=dask_scheduler,
    )
    with TestClient(create_app(settings)) as client:
        yield Served(client, keys, folder / "audit.jsonl", keys_file)


def _store(served: Served, scenario: dict[str, Any], key: str, **params: Any) -> str:
    answer = served.client.post("/scenarios", json=scenario, headers=_bearer(key), params=params)
    assert answer.status_code in (200, 201), answer.text
    return str(answer.json()["id"])


def _named(name: str) -> dict[str, Any]:
    return {**SMALL_SCENARIO, "name": name}


# Each write: (method, path of a scenario id, body); the scenario is alice's and private.
WRITES: dict[str, tuple[str, str, dict[str, Any] | None]] = {
    "store": ("POST", "/scenarios", SMALL_SCENARIO),
    "publish": ("PUT", "/scenarios/{id}/published", None),
    "unpublish": ("DELETE", "/scenarios/{id}/published", None),
    "delete": ("DELETE", "/scenarios/{id}", None),
    "analysis": ("POST", "/scenarios/{id}/analysis", None),
    "siting": (
        "POST",
        "/scenarios/{id}/siting",
        {"tier": "short", "add": 1, "candidates": "grid:40"},
    ),
    "one-off": ("POST", "/coverage", SMALL_SCENARIO),
    "sweep": ("POST", "/scenarios/{id}/sweep", {"draws": 2}),
}
SUCCESS = {
    "store": 201,
    "publish": 204,
    "unpublish": 204,
    "delete": 204,
    "analysis": 202,
    "siting": 202,
    "one-off": 200,
    "sweep": 202,
}


def _write(served: Served, name: str, headers: dict[str, str]) -> Any:
    method, path, body = WRITES[name]
    scenario_id = _store(served, _named(f"target of {name}"), served.keys.alice)
    return served.client.request(method, path.format(id=scenario_id), json=body, headers=headers)


def test_every_write_route_of_the_api_is_listed_here(served: Served) -> None:
    document = served.client.get("/openapi.json").json()
    declared = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
        if method in ("post", "put", "delete", "patch")
    }
    assert declared == {
        (method, path.replace("{id}", "{scenario_id}")) for method, path, _ in WRITES.values()
    }
    for method, path in declared:
        operation = document["paths"][path][method.lower()]
        assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)
        assert operation["security"] == [{"key": []}]


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_write_without_a_key_is_401_naming_the_header(served: Served, name: str) -> None:
    answer = _write(served, name, {})
    assert answer.status_code == 401
    assert answer.headers["content-type"] == PROBLEM
    assert answer.headers["www-authenticate"].startswith("Bearer")
    problem = answer.json()
    assert problem["field"] == "Authorization" and "Bearer <key>" in problem["detail"]


@pytest.mark.parametrize("name", sorted(WRITES))
@pytest.mark.parametrize("sent", ["Basic YWxpY2U6c2VjcmV0", "Bearer", ""])
def test_anything_but_a_bearer_key_is_a_missing_key(served: Served, name: str, sent: str) -> None:
    assert _write(served, name, {"Authorization": sent}).status_code == 401


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_wrong_key_is_403_and_never_echoed(served: Served, name: str) -> None:
    record_id = served.keys.ids["alice"]
    wrong = f"umb.{record_id}.not-the-secret"
    for key in (wrong, "umb.k00000000.whatever", "plainly-wrong"):
        answer = _write(served, name, _bearer(key))
        assert answer.status_code == 403, answer.text
        problem = answer.json()
        assert problem["type"] == "urn:umbrella:problem:key-refused"
        assert "not-the-secret" not in answer.text and "whatever" not in answer.text
    assert answer.json()["field"] == "Authorization"


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_revoked_key_is_403_saying_so(served: Served, name: str) -> None:
    answer = _write(served, name, _bearer(served.keys.carol_revoked))
    assert answer.status_code == 403
    assert "revoked" in answer.json()["detail"]
    assert answer.json()["value"] == served.keys.ids["carol"]


@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_valid_key_writes(served: Served, name: str) -> None:
    answer = _write(served, name, _bearer(served.keys.alice))
    assert answer.status_code in (SUCCESS[name], 200), answer.text


def test_reads_need_no_key(served: Served) -> None:
    private = _store(served, _named("read without a key"), served.keys.alice)
    for path in (
        "/",
        "/conformance",
        "/collections",
        "/collections/cities/items?limit=2",
        "/scenarios",
        "/scenarios/example",
        f"/scenarios/{private}",
        f"/scenarios/{private}?f=html",
        f"/scenarios/{private}/coverage",
        f"/scenarios/{private}/coverage/targets",
        "/openapi.json",
        "/docs",
    ):
        assert served.client.get(path).status_code == 200, path
    fresh = _store(served, _named("not analysed yet"), served.keys.alice)
    page = served.client.get(f"/scenarios/{fresh}?f=html").text
    assert "Run the analysis" not in page and "needs a key" in page  # a form would be a 401


def test_a_scenario_is_listed_only_once_its_owner_publishes_it(served: Served) -> None:
    def listed() -> set[str]:
        return {
            item["id"] for item in served.client.get("/scenarios?limit=100").json()["scenarios"]
        }

    mine = _store(served, _named("alice's private"), served.keys.alice)
    assert mine not in listed()
    assert served.client.get(f"/scenarios/{mine}").status_code == 200  # reachable by its link
    bob = _bearer(served.keys.bob)
    refused = served.client.put(f"/scenarios/{mine}/published", headers=bob)
    assert refused.status_code == 403
    assert refused.json()["type"] == "urn:umbrella:problem:not-owner"
    assert mine not in listed()
    # storing the same scenario again gives bob no claim on it, and publishes nothing
    again = served.client.post(
        "/scenarios", json=_named("alice's private"), headers=bob, params={"published": "true"}
    )
    assert again.status_code == 403 and mine not in listed()
    alice = _bearer(served.keys.alice)
    assert served.client.put(f"/scenarios/{mine}/published", headers=alice).status_code == 204
    assert mine in listed()
    assert served.client.delete(f"/scenarios/{mine}/published", headers=bob).status_code == 403
    assert served.client.delete(f"/scenarios/{mine}/published", headers=alice).status_code == 204
    assert mine not in listed()
    assert served.client.delete(f"/scenarios/{mine}", headers=bob).status_code == 403
    assert served.client.delete(f"/scenarios/{mine}", headers=alice).status_code == 204
    assert served.client.get(f"/scenarios/{mine}").status_code == 404


def test_published_when_stored_by_its_owner(served: Served) -> None:
    answer = served.client.post(
        "/scenarios",
        json=_named("published at once"),
        headers=_bearer(served.keys.bob),
        params={"published": "true"},
    )
    assert answer.status_code == 201 and answer.json()["published"] is True


def test_the_example_belongs_to_no_key_and_stays(served: Served) -> None:
    example = served.client.app.state.services.example_id  # type: ignore[attr-defined]
    alice = _bearer(served.keys.alice)
    assert served.client.delete(f"/scenarios/{example}/published", headers=alice).status_code == 403
    assert served.client.delete(f"/scenarios/{example}", headers=alice).status_code == 403


def test_a_key_stores_at_most_its_quota(served: Served) -> None:
    dave = served.keys.dave_quota_2
    first = _store(served, _named("dave 1"), dave)
    _store(served, _named("dave 2"), dave)
    over = served.client.post("/scenarios", json=_named("dave 3"), headers=_bearer(dave))
    assert over.status_code == 403
    assert over.json()["type"] == "urn:umbrella:problem:quota-reached"
    assert over.json()["value"] == 2
    assert _store(served, _named("dave 1"), dave) == first  # stored already: no new room needed
    assert served.client.delete(f"/scenarios/{first}", headers=_bearer(dave)).status_code == 204
    _store(served, _named("dave 3"), dave)


def test_a_revoked_key_stops_at_the_next_request(served: Served) -> None:
    record, key = add_key(served.keys_file, "erin")
    assert _store(served, _named("erin's"), key)
    revoke_key(served.keys_file, record.id)
    answer = served.client.post("/scenarios", json=_named("erin's next"), headers=_bearer(key))
    assert answer.status_code == 403 and "revoked" in answer.json()["detail"]


def test_an_unreadable_keys_file_refuses_every_key_until_mended(served: Served) -> None:
    kept = served.keys_file.read_text()
    alice = _bearer(served.keys.alice)
    try:
        served.keys_file.write_text("{not json")
        refused = served.client.post("/scenarios", json=_named("while broken"), headers=alice)
        assert refused.status_code == 403 and "keys file" in refused.json()["detail"]
        assert served.client.get("/scenarios").status_code == 200  # reads go on
    finally:
        served.keys_file.write_text(kept)
    assert _store(served, _named("mended"), served.keys.alice)


def test_the_record_names_keys_by_id_and_never_holds_a_key(served: Served) -> None:
    alice = served.keys.alice
    scenario_id = _store(served, _named("recorded"), alice, published="true")
    started = served.client.post(f"/scenarios/{scenario_id}/analysis", headers=_bearer(alice))
    job = started.json()["id"]
    text = served.audit.read_text()
    for key in (
        served.keys.alice,
        served.keys.bob,
        served.keys.carol_revoked,
        served.keys.dave_quota_2,
    ):
        assert key not in text and key.split(".")[2] not in text
    lines = [json.loads(line) for line in text.splitlines()]
    mine = [line for line in lines if line["key"] == served.keys.ids["alice"]]
    resource = f"/scenarios/{scenario_id}"
    assert {"action": "store", "resource": resource} in [_picked(line) for line in mine]
    assert {"action": "publish", "resource": resource} in [_picked(line) for line in mine]
    assert {"action": "job", "resource": f"/jobs/{job}"} in [_picked(line) for line in mine]
    assert all(line["time"].endswith("Z") and line["address"] for line in mine)


def _picked(line: dict[str, Any]) -> dict[str, Any]:
    return {"action": line["action"], "resource": line["resource"]}


def test_a_missing_keys_file_stops_the_service_naming_it(tmp_path: Path) -> None:
    from umbrella.service.http.keyfile import KeyFileError

    with pytest.raises(KeyFileError) as raised:
        create_app(Settings(data_dir=tmp_path, keys_file=tmp_path / "nope.json"))
    assert raised.value.field == "keys_file"


def test_settings_hold_no_key(served: Served) -> None:
    settings = served.client.app.state.services.settings  # type: ignore[attr-defined]
    dumped = settings.model_dump_json()
    assert served.keys.alice not in dumped and str(served.keys_file) in dumped


def test_without_keys_anyone_writes_and_publishes(tmp_path: Path) -> None:
    audit = tmp_path / "audit.jsonl"
    with TestClient(create_app(Settings(data_dir=tmp_path / "d", audit_log=audit))) as client:
        stored = client.post("/scenarios", json=SMALL_SCENARIO)
        assert stored.status_code == 201
        scenario_id = stored.json()["id"]
        assert client.put(f"/scenarios/{scenario_id}/published").status_code == 204
        assert client.post(f"/scenarios/{scenario_id}/analysis").status_code == 202
        # a key sent to a service without keys is not looked at
        ignored = client.delete(f"/scenarios/{scenario_id}/published", headers=_bearer("x"))
        assert ignored.status_code == 204
    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    assert [line["action"] for line in lines] == ["store", "publish", "job", "unpublish"]
    assert all(line["key"] is None for line in lines)
