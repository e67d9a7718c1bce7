"""Fair shares: a burst from one client gets 429 with Retry-After while others are served;
the store's cap evicts cached results first, then refuses new scenarios with 507.

The buckets' arithmetic is checked against the rule written here: ``per_minute`` requests at
once, then one every ``60 / per_minute`` seconds.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from live_server import SMALL_SCENARIO
from store_bytes import stored_bytes

from umbrella.service.http.app import create_app
from umbrella.service.http.errors import RateLimited
from umbrella.service.http.keyfile import add_key
from umbrella.service.http.rate import RateLimits
from umbrella.service.http.settings import MIB, Settings


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("per_minute", [1, 3, 7, 60])
def test_a_burst_then_one_every_sixty_over_the_rate_seconds(per_minute: int) -> None:
    clock = _Clock()
    limits = RateLimits({"writes": per_minute}, clock)
    for _ in range(per_minute):
        limits.take("writes", "a")
    with pytest.raises(RateLimited) as refused:
        limits.take("writes", "a")
    interval = 60 / per_minute
    assert refused.value.retry_after_s == math.ceil(interval)
    limits.take("writes", "b")  # another client has its own bucket
    clock.now += interval * 0.9
    with pytest.raises(RateLimited) as again:
        limits.take("writes", "a")
    assert again.value.retry_after_s == math.ceil(interval * 0.1)
    clock.now += interval * 0.1
    limits.take("writes", "a")
    clock.now += 3600  # a quiet hour refills the bucket to the burst, not beyond
    for _ in range(per_minute):
        limits.take("writes", "a")
    with pytest.raises(RateLimited):
        limits.take("writes", "a")


def test_a_limit_of_zero_is_no_limit() -> None:
    limits = RateLimits({"renders": 0})
    for _ in range(1000):
        limits.take("renders", "a")


def _named(name: str) -> dict[str, Any]:
    return {**SMALL_SCENARIO, "name": name}


def test_a_burst_from_one_address_is_429_while_another_is_served(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, rate_writes_per_minute=3, rate_renders_per_minute=2)
    app = create_app(settings)
    with (
        TestClient(app, client=("192.0.2.1", 1)) as one,
        TestClient(app, client=("192.0.2.2", 1)) as other,
    ):
        answers = [one.post("/scenarios", json=_named(f"burst {i}")) for i in range(4)]
        assert [answer.status_code for answer in answers] == [201, 201, 201, 429]
        refused = answers[-1]
        assert 1 <= int(refused.headers["retry-after"]) <= 20  # 60 s / 3, less what refilled
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["type"] == "urn:umbrella:problem:rate-limited"
        assert other.post("/scenarios", json=_named("other")).status_code == 201
        page = one.post("/scenarios", json=_named("page"), headers={"Accept": "text/html"})
        assert page.status_code == 429 and page.headers["retry-after"]
        assert "text/html" in page.headers["content-type"]
        # reads that render have a bucket of their own; plain reads have none
        scenario = answers[0].json()["id"]
        renders = [one.get(f"/scenarios/{scenario}/coverage") for _ in range(3)]
        assert [answer.status_code for answer in renders] == [200, 200, 429]
        assert all(one.get(f"/scenarios/{scenario}").status_code == 200 for _ in range(5))


def test_a_burst_from_one_key_is_429_while_another_key_is_served(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys.json"
    _, first = add_key(keys_file, "first")
    _, second = add_key(keys_file, "second")
    settings = Settings(data_dir=tmp_path / "data", keys_file=keys_file, rate_analyses_per_minute=2)
    with TestClient(create_app(settings)) as client:  # one address for both keys

        def one_off(key: str) -> int:
            headers = {"Authorization": f"Bearer {key}"}
            return client.post("/coverage", json=SMALL_SCENARIO, headers=headers).status_code

        assert [one_off(first) for _ in range(3)] == [200, 200, 429]
        assert one_off(second) == 200


def test_the_cap_evicts_cached_results_first_then_answers_507(tmp_path: Path) -> None:
    cap = 40 * 1024
    settings = Settings(
        data_dir=tmp_path,
        store_max_mib=cap / MIB,
        rate_writes_per_minute=0,
        rate_renders_per_minute=0,
    )
    with TestClient(create_app(settings)) as client:
        first = client.post("/scenarios", json=_named("first")).json()["id"]
        for output in ("targets", "footprints", "gaps", "depth"):
            assert client.get(f"/scenarios/{first}/coverage/{output}?phase=0").status_code == 200
        documents, cached = stored_bytes(tmp_path)
        assert cached > 0 and documents + cached <= cap
        growth: list[int] = []
        evicted_before_full = False
        for i in range(200):
            answer = client.post("/scenarios", json=_named(f"filler {i:03d}"))
            now_documents, now_cached = stored_bytes(tmp_path)
            assert now_documents + now_cached <= cap
            if answer.status_code == 507:
                break
            assert answer.status_code == 201
            growth.append(now_documents - documents)
            evicted_before_full |= now_cached < cached
            documents, cached = now_documents, now_cached
        else:
            pytest.fail("the store never filled")
        assert evicted_before_full
        problem = answer.json()
        assert problem["type"] == "urn:umbrella:problem:store-full"
        assert cap - documents < max(growth)  # the scenarios alone left too little room
        assert client.post("/scenarios", json=_named("first")).status_code == 200
        assert client.get(f"/scenarios/{first}/coverage/targets?phase=0").status_code == 200
