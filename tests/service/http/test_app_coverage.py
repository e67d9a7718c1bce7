"""Coverage over HTTP: summaries, GeoJSON outputs, caching, jobs, maps, one-off analyses."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import geopandas as gpd
import pytest
import shapely
from fastapi.testclient import TestClient
from figure_files import pdf_media_box, png_of, svg_size
from jobs_helper import wait_for_job
from pyproj import Geod

from umbrella.coverage.outputs import OUTPUTS
from umbrella.layers import load_layer
from umbrella.maps import PRESETS
from umbrella.service.http import app as app_module
from umbrella.service.http.app import create_app
from umbrella.service.http.routes import maps as routes_maps
from umbrella.service.http.settings import Settings
from umbrella.service.http.workers import AnalysisWorkers

GEOD = Geod(ellps="WGS84")
PROBLEM = "application/problem+json"
SITES = {
    "short": (34.10, 44.95, 40.0, 0),
    "long": (33.40, 45.20, 150.0, 30),
}  # tier: lon, lat, km, day
SCENARIO: dict[str, Any] = {
    "name": "two sites over Crimea",
    "regions": ["UA-43"],
    "tiers": {"short": {"range_km": 40}, "long": {"range_km": 150}},
    "phases": [{"day": 0, "label": "start"}, {"day": 30, "label": "later"}],
    "assets": [
        {"id": "a1", "tier": "short", "location": [34.10, 44.95]},
        {"id": "a2", "tier": "long", "location": [33.40, 45.20], "from_day": 30},
    ],
    "targets": [{"id": "cities", "layer": "cities", "min_population": 20000}],
    "grid_cell_km": 20,
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("data"))
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def location(client: TestClient) -> str:
    response = client.post("/scenarios", json=SCENARIO)
    assert response.status_code == 201
    return str(response.headers["location"])


def _problem(response: Any, status: int, field: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    document: dict[str, Any] = response.json()
    assert document["field"] == field
    return document


def _independent_depth(lon: float, lat: float, day: int) -> int:
    tiers = set()
    for tier, (a_lon, a_lat, reach_km, from_day) in SITES.items():
        _, _, distance = GEOD.inv(a_lon, a_lat, lon, lat)
        if from_day <= day and distance <= reach_km * 1000:
            tiers.add(tier)
    return len(tiers)


@pytest.mark.parametrize("day", [0, 30])
def test_targets_depth_matches_independent_geodesics(
    client: TestClient, location: str, day: int
) -> None:
    response = client.get(f"{location}/coverage/targets", params={"phase": day})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/geo+json"
    document = response.json()
    assert document["type"] == "FeatureCollection"
    assert document["umbrella"]["phase_day"] == day
    assert document["umbrella"]["scenario_hash"] == location.rsplit("/", 1)[1]
    assert len(document["features"]) == len(_crimean_cities())
    for feature in document["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["properties"]["depth"] == _independent_depth(lon, lat, day)


def test_default_phase_is_the_first(client: TestClient, location: str) -> None:
    default = client.get(f"{location}/coverage/footprints").json()
    assert default["umbrella"]["phase_day"] == 0
    assert [f["properties"]["asset_id"] for f in default["features"]] == ["a1"]


def _crimean_cities() -> gpd.GeoDataFrame:
    """The scenario's targets: cities of 20,000 or more inside UA-43, selected here."""
    regions = load_layer("regions")
    crimea = regions[regions["iso_3166_2"] == "UA-43"].geometry.union_all()
    cities = load_layer("cities")
    cities = cities[cities["population"] >= 20_000]
    return cities[shapely.contains_xy(crimea, cities.geometry.x, cities.geometry.y)]


# Features of each output on day 30: both sites stand, two tiers, no corridor, depot or zone.
DAY_30_COUNTS = {
    "targets": None,  # the cities above
    "footprints": 2,
    "coverage": 2,  # one union per tier
    "depth": 2,  # depth 1 and depth 2
    "gaps": 1,
    "corridors": 0,
    "corridor_gaps": 0,
    "depots": 2,  # one link per asset, with no depot to link to
    "no_go": 0,
    "violations": 0,
    "sensors": 0,  # no sensor and no altitude band: no air picture
    "air_picture": 0,
    "air_picture_gaps": 0,
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_every_output_has_the_features_the_scenario_implies(
    client: TestClient, location: str, output: str
) -> None:
    response = client.get(f"{location}/coverage/{output}", params={"phase": 30})
    assert response.status_code == 200
    document = response.json()
    assert document["type"] == "FeatureCollection"
    expected = DAY_30_COUNTS[output]
    count = len(_crimean_cities()) if expected is None else expected
    assert len(document["features"]) == count
    assert document["umbrella"]["phase_day"] == 30


def test_summary_of_all_phases_and_of_one(client: TestClient, location: str) -> None:
    everything = client.get(f"{location}/coverage").json()
    assert [p["day"] for p in everything["phases"]] == [0, 30]
    assert everything["umbrella"]["notional"] is True
    later = client.get(f"{location}/coverage", params={"phase": 30}).json()
    assert later["day"] == 30 and later["label"] == "later"
    assert later["assets_in_place"] == 2
    assert later == {"umbrella": everything["umbrella"], **everything["phases"][1]}


def test_results_carry_etag_and_answer_304(client: TestClient, location: str) -> None:
    first = client.get(f"{location}/coverage/targets", params={"phase": 0})
    etag = first.headers["etag"]
    assert first.headers["cache-control"].startswith("public, max-age=")
    again = client.get(
        f"{location}/coverage/targets", params={"phase": 0}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.content == b""
    other = client.get(
        f"{location}/coverage/targets", params={"phase": 0}, headers={"If-None-Match": '"x"'}
    )
    assert other.status_code == 200 and other.content == first.content


@pytest.mark.parametrize(
    ("suffix", "params", "status", "field"),
    [
        ("/coverage", {"phase": "15"}, 404, "phase"),
        ("/coverage/targets", {"phase": "15"}, 404, "phase"),
        ("/coverage/targets", {"phase": "soon"}, 400, "phase"),
        ("/coverage/targets", {"phase": "-1"}, 400, "phase"),
        ("/coverage/nothing", {}, 404, "output"),
        ("/map", {"phase": "15"}, 404, "phase"),
        ("/map.png", {"width_px": "10"}, 400, "width_px"),
        ("/map.png", {"dpi": "many"}, 400, "dpi"),
        ("/map.png", {"width_px": "4001"}, 400, "width_px"),
        ("/map.png", {"width_px": "20000", "dpi": "50"}, 400, "width_px"),
        ("/map.png", {"dpi": "301"}, 400, "dpi"),
        ("/map.pdf", {"width_mm": "10"}, 400, "width_mm"),
        ("/map.svg", {"preset": "poster"}, 400, "preset"),
        ("/map.png", {"width_px": "800", "width_mm": "85"}, 400, "width_mm"),
        ("/map.png", {"width_mm": "400", "dpi": "300"}, 400, "width_mm"),
        ("/map.gif", {}, 404, "fmt"),
        ("/map.gif", {"dpi": "many"}, 404, "fmt"),
    ],
)
def test_bad_coverage_requests(
    client: TestClient,
    location: str,
    suffix: str,
    params: dict[str, str],
    status: int,
    field: str,
) -> None:
    _problem(client.get(f"{location}{suffix}", params=params), status, field)


@pytest.mark.parametrize("suffix", ["/coverage", "/coverage/targets", "/map", "/map.svg"])
def test_unknown_scenario_is_404(client: TestClient, suffix: str) -> None:
    _problem(client.get(f"/scenarios/0000000000000000{suffix}"), 404, "scenario_id")


def test_interactive_map_links_assets_from_this_origin(client: TestClient, location: str) -> None:
    response = client.get(f"{location}/map")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "/assets/leaflet/leaflet.js" in page
    loaded = re.findall(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]*)"', page)
    assert loaded and all(url.startswith(("/assets/", "data:")) for url in loaded), loaded
    assert client.get(f"{location}/map", params={"phase": 30}).status_code == 200


MM, PT, CSS = 25.4, 72.0, 96.0
"""25.4 mm and 72 pt to the inch; a screen figure's SVG and PDF count 96 pixels to the inch."""


@pytest.mark.parametrize(
    ("params", "width_px", "dpi"),
    [
        ({}, 1600, 150),  # the service's default size
        ({"dpi": 100}, 1600, 100),  # the default width at the dpi asked for
        ({"width_px": 800, "dpi": 100}, 800, 100),
        ({"width_mm": 85, "dpi": 120}, round(85 / MM * 120), 120),
        ({"preset": "double-column", "dpi": 60}, round(180 / MM * 60), 60),
        ({"preset": "slide", "dpi": 96}, 1920, 96),
    ],
)
def test_a_png_figure_has_the_asked_pixels_and_dpi(
    client: TestClient, location: str, params: dict[str, Any], width_px: int, dpi: int
) -> None:
    response = client.get(f"{location}/map.png", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    png = png_of(response.content)
    assert png.width == width_px
    assert png.dpi == pytest.approx(dpi, abs=0.02)  # pHYs holds whole dots per metre
    assert png.height > 0.5 * width_px


@pytest.mark.parametrize(
    ("fmt", "params", "width_pt"),
    [
        ("svg", {"preset": "single-column"}, 85 / MM * PT),
        ("pdf", {"preset": "single-column"}, 85 / MM * PT),
        ("pdf", {"width_mm": 123.4}, 123.4 / MM * PT),
        ("svg", {"width_px": 1200, "dpi": 300}, 1200 / CSS * PT),
        ("pdf", {"preset": "slide"}, 1920 / CSS * PT),
    ],
)
def test_a_vector_figure_has_the_asked_width_in_points_and_millimetres(
    client: TestClient, location: str, fmt: str, params: dict[str, Any], width_pt: float
) -> None:
    response = client.get(f"{location}/map.{fmt}", params=params)
    assert response.status_code == 200, response.text
    media = {"svg": "image/svg+xml", "pdf": "application/pdf"}[fmt]
    assert response.headers["content-type"] == media
    if fmt == "svg":
        width, height, view_box = svg_size(response.content)
        assert view_box == pytest.approx((0, 0, width, height), abs=1e-6)
    else:
        width, height = pdf_media_box(response.content)
    assert width == pytest.approx(width_pt, abs=0.01)
    if "width_mm" in params:
        assert width * MM / PT == pytest.approx(params["width_mm"], abs=0.005)
    assert height > 0.5 * width


def test_the_figure_presets_are_the_figures_own() -> None:
    assert set(get_args(routes_maps.Preset)) == set(PRESETS)


def test_only_the_default_figure_size_is_kept_across_restarts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[int] = []
    real = routes_maps.render_figure

    def counted(*args: Any, **kwargs: Any) -> Any:
        rendered.append(kwargs["size"].width)
        return real(*args, **kwargs)

    monkeypatch.setattr(routes_maps, "render_figure", counted)
    for _ in range(2):
        with TestClient(create_app(Settings(data_dir=tmp_path))) as fresh:
            where = fresh.post("/scenarios", json=SCENARIO).headers["location"]
            for params in ({}, {"width_mm": 85}, {"width_mm": 85}, {"width_px": 1600, "dpi": 150}):
                assert fresh.get(f"{where}/map.svg", params=params).status_code == 200
    # the default size stored (asked for by name too), the other from memory: again after restart
    assert rendered == [1600, 85, 85]


def test_stored_results_are_recomputed_under_another_generation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    real = AnalysisWorkers.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(AnalysisWorkers, "analyze", counted)
    for generation in ("1.0+data", "1.0+data", "1.1+data", "1.1+other"):
        monkeypatch.setattr(app_module, "cache_generation", lambda g=generation: g)
        with TestClient(create_app(Settings(data_dir=tmp_path))) as fresh:
            where = fresh.post("/scenarios", json=SCENARIO).headers["location"]
            assert fresh.get(f"{where}/coverage").status_code == 200
    assert len(calls) == 3  # the second run read the first one's stored summary


def test_concurrent_requests_analyse_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = AnalysisWorkers.analyze

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(AnalysisWorkers, "analyze", counted)
    with TestClient(create_app(Settings(data_dir=tmp_path))) as fresh:
        where = fresh.post("/scenarios", json=SCENARIO).headers["location"]
        statuses: list[int] = []

        def fetch(output: str) -> None:
            statuses.append(fresh.get(f"{where}/coverage/{output}").status_code)

        threads = [threading.Thread(target=fetch, args=(o,)) for o in OUTPUTS[:6]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 6
    assert len(calls) == 1


def test_an_unknown_output_is_404_without_an_analysis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[object] = []
    monkeypatch.setattr(AnalysisWorkers, "analyze", lambda *args, **kwargs: calls.append(args))
    with TestClient(create_app(Settings(data_dir=tmp_path))) as fresh:
        where = fresh.post("/scenarios", json=SCENARIO).headers["location"]
        document = _problem(fresh.get(f"{where}/coverage/nothing"), 404, "output")
    assert "targets" in document["detail"] and document["value"] == "nothing"
    assert calls == []


def test_analyses_and_figures_share_the_workers_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    active, peak, entered = 0, 0, 0
    changed = threading.Condition()

    def tracked(real: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            nonlocal active, peak, entered
            with changed:
                active += 1
                entered += 1
                peak = max(peak, active)
                changed.notify_all()
                # the first run holds its worker until a second one is inside (a broken bound)
                # or the others have had a second to try: a wait on a condition
                if entered == 1:
                    changed.wait_for(lambda: active > 1, timeout=1.0)
            try:
                return real(*args, **kwargs)
            finally:
                with changed:
                    active -= 1
                    changed.notify_all()

        return run

    monkeypatch.setattr(AnalysisWorkers, "analyze", tracked(AnalysisWorkers.analyze))
    monkeypatch.setattr(routes_maps, "render_figure", tracked(routes_maps.render_figure))
    statuses: list[int] = []
    with TestClient(create_app(Settings(data_dir=tmp_path, analysis_workers=1))) as fresh:
        where = [
            fresh.post("/scenarios", json={**SCENARIO, "name": f"bound {i}"}).headers["location"]
            for i in range(3)
        ]
        calls = [
            lambda: fresh.get(f"{where[0]}/coverage"),
            lambda: fresh.get(f"{where[1]}/coverage/targets"),
            lambda: fresh.get(f"{where[2]}/map.png", params={"width_px": 600, "dpi": 50}),
            lambda: fresh.post("/coverage", json={**SCENARIO, "name": "bound one-off"}),
        ]
        threads = [
            threading.Thread(target=lambda call=call: statuses.append(call().status_code))
            for call in calls
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 4
    assert (entered, peak) == (5, 1)  # four analyses and the figure's rendering, one at a time


def test_analysis_job_reports_progress_steps(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as fresh:
        where = fresh.post("/scenarios", json=SCENARIO).headers["location"]
        started = fresh.post(f"{where}/analysis")
        assert started.status_code == 202
        job_url = started.headers["location"]
        assert job_url.startswith("/jobs/")
        assert started.json()["state"] in ("queued", "running", "done")
        job = wait_for_job(fresh, job_url)
        assert job["state"] == "done"
        assert job["steps"][0] == "resolving places"
        assert "analysing day 30" in job["steps"]
        repeat = wait_for_job(fresh, fresh.post(f"{where}/analysis").headers["location"])
        assert repeat["steps"][0] == "already analysed"
        _problem(fresh.get("/jobs/nope"), 404, "job_id")
        _problem(fresh.post("/scenarios/0000000000000000/analysis"), 404, "scenario_id")


def test_a_second_analysis_request_gets_the_running_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = AnalysisWorkers.analyze

    def held(*args: Any, **kwargs: Any) -> Any:
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(AnalysisWorkers, "analyze", held)
    with TestClient(create_app(Settings(data_dir=tmp_path))) as fresh:
        where = fresh.post("/scenarios", json=SCENARIO).headers["location"]
        first, second = fresh.post(f"{where}/analysis"), fresh.post(f"{where}/analysis")
        assert first.status_code == second.status_code == 202
        assert first.headers["location"] == second.headers["location"]
        release.set()
        assert wait_for_job(fresh, first.headers["location"])["state"] == "done"
        later = fresh.post(f"{where}/analysis")
        assert later.headers["location"] != first.headers["location"]
        wait_for_job(fresh, later.headers["location"])


def test_one_off_analysis_is_not_stored(client: TestClient) -> None:
    other = {**SCENARIO, "name": "one-off"}
    response = client.post(
        "/coverage", content=json.dumps(other), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200
    document = response.json()
    assert [p["day"] for p in document["phases"]] == [0, 30]
    _problem(client.get(f"/scenarios/{document['umbrella']['scenario_hash']}"), 404, "scenario_id")
    _problem(
        client.post("/coverage", content=b"[]", headers={"Content-Type": "application/json"}),
        422,
        "body",
    )
