"""``umbrella ring`` through the CLI: one GeoJSON Feature out, exit code 2 for bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import shape
from typer.testing import CliRunner

from umbrella.service.cli.main import app

WGS84 = Geod(ellps="WGS84")
runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["ring", *args])
    return result.exit_code, result.stdout, result.stderr


def test_ring_prints_a_geojson_feature_in_lon_lat_order() -> None:
    code, out, _ = _run("--lon", "31", "--lat", "49", "--radius-km", "50")
    assert code == 0
    feature = json.loads(out)
    assert feature["type"] == "Feature"
    assert feature["properties"] == {
        "centre": [31.0, 49.0],
        "radius_km": 50.0,
        "min_radius_km": 0.0,
        "azimuth": None,
        "width": None,
        "tolerance_m": 10.0,
    }
    polygon = shape(feature["geometry"])
    assert polygon.geom_type == "Polygon" and polygon.is_valid
    assert shapely.is_ccw(polygon.exterior)
    xy = np.asarray(polygon.exterior.coords)
    _, _, distance = WGS84.inv(np.full(len(xy), 31.0), np.full(len(xy), 49.0), xy[:, 0], xy[:, 1])
    np.testing.assert_allclose(distance, 50_000.0, atol=1e-3)


def test_ring_prints_an_annular_fan_split_at_the_antimeridian() -> None:
    code, out, _ = _run(
        "--lon", "179.9", "--lat", "-30", "--radius-km", "400", "--min-radius-km", "5",
        "--azimuth", "90", "--width", "120", "--tolerance-m", "5",
    )  # fmt: skip
    assert code == 0
    feature = json.loads(out)
    assert feature["properties"]["min_radius_km"] == 5.0
    assert feature["properties"]["width"] == 120.0
    fan = shape(feature["geometry"])
    assert fan.geom_type == "MultiPolygon" and fan.is_valid
    lon, lat, _ = WGS84.fwd(179.9, -30.0, 90.0, 250_000.0)
    assert fan.contains(shapely.Point(lon, lat))
    lon, lat, _ = WGS84.fwd(179.9, -30.0, 90.0, 2_000.0)
    assert not fan.contains(shapely.Point(lon, lat))


KM = "[0.001, 19970.326)"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--lat", "91"], "--lat: must be a number in [-90, 90], got 91.0"),
        (["--lon", "nan"], "--lon: must be a number in [-180, 180], got nan"),
        (["--radius-km", "-5"], f"--radius-km: must be a number of km in {KM}, got -5.0"),
        (["--radius-km", "0"], f"--radius-km: must be a number of km in {KM}, got 0.0"),
        (["--radius-km", "nan"], f"--radius-km: must be a number of km in {KM}, got nan"),
        (["--radius-km", "1e9"], f"--radius-km: must be a number of km in {KM}, got 1000000000.0"),
        # Ranges too small to draw are refused at once (they made ring drawing run unbounded).
        (["--radius-km", "1e-12"], f"--radius-km: must be a number of km in {KM}, got 1e-12"),
        (["--radius-km", "5e-324"], f"--radius-km: must be a number of km in {KM}, got 5e-324"),
        (["--min-radius-km", "-1"], f"--min-radius-km: must be 0 or a number of km in {KM}"),
        (["--min-radius-km", "1e-9"], f"--min-radius-km: must be 0 or a number of km in {KM}"),
        (["--min-radius-km", "60"], "--min-radius-km: must be less than --radius-km, got 60.0"),
        (["--azimuth", "10", "--width", "0"], "--width: must be a number in (0, 360], got 0.0"),
        (
            ["--azimuth", "inf", "--width", "10"],
            "--azimuth: must be a number in [-360, 360], got inf",
        ),
        (["--azimuth", "10"], "--width: must be given together with --azimuth, got None"),
        (["--width", "10"], "--azimuth: must be given together with --width, got None"),
        (["--tolerance-m", "0"], "--tolerance-m: must be a number >= 0.001 m, got 0.0"),
    ],
)
def test_bad_input_exits_2_naming_the_option_and_value(args: list[str], expected: str) -> None:
    base = {"--lon": "31", "--lat": "49", "--radius-km": "50"}
    overrides = dict(zip(args[::2], args[1::2], strict=True))
    argv = [item for pair in {**base, **overrides}.items() for item in pair]
    code, out, err = _run(*argv)
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {expected}")
    assert "Traceback" not in err
