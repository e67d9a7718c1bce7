"""The shared style: colours every reader can tell apart, deterministic tier colours, depth
ramp, verdict shapes and symbol sizes. The figures and the interactive map draw the depth and
gap colours opaque, as measured here (the map's: tests/maps/test_browser.py)."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from matplotlib.colors import to_rgb

from umbrella.maps.style import (
    AIR_GAP,
    AIR_SEEN,
    AIR_SEEN_TWICE,
    FALLBACK_PALETTE,
    GAP,
    TARGET_MEETS,
    TARGET_SHORT,
    TIER_PALETTE,
    capacity_radius_px,
    depth_colour,
    depth_label,
    tier_colour,
)

DEFICIENCIES = ("deuteranomaly", "protanomaly", "tritanomaly")  # at severity 100: -opia
USUAL_TIERS = ("short", "medium", "long", "counter_drone")
SHADING = {"gap": GAP.fill, **{depth_label(d): depth_colour(d) for d in range(1, 5)}}
VERDICTS = {"meets": TARGET_MEETS.fill, "falls short": TARGET_SHORT.edge}
AIR_PICTURE = {"seen": AIR_SEEN.fill, "seen twice": AIR_SEEN_TWICE.fill, "unseen": AIR_GAP.fill}


def pairs_to_tell_apart() -> list[tuple[str, str, str, str]]:
    """(name, colour, name, colour) of each pair a reader must tell apart: the two verdicts,
    the gap and every depth, each verdict on each shading, the usual tiers, the air picture's
    shadings and each verdict on them."""
    pairs = [("meets", VERDICTS["meets"], "falls short", VERDICTS["falls short"])]
    pairs += [(a, ca, b, cb) for (a, ca), (b, cb) in itertools.combinations(SHADING.items(), 2)]
    pairs += [(v, cv, s, cs) for v, cv in VERDICTS.items() for s, cs in SHADING.items()]
    pairs += [(a, ca, b, cb) for (a, ca), (b, cb) in itertools.combinations(AIR_PICTURE.items(), 2)]
    pairs += [(v, cv, s, cs) for v, cv in VERDICTS.items() for s, cs in AIR_PICTURE.items()]
    tiers = {name: TIER_PALETTE[name] for name in USUAL_TIERS}
    pairs += [(a, ca, b, cb) for (a, ca), (b, cb) in itertools.combinations(tiers.items(), 2)]
    return pairs


def colour_distance(a: str, b: str, deficiency: str | None) -> float:
    """ΔE in CAM02-UCS between two colours as seen with a colour vision deficiency (simulated
    at full severity, Machado et al. 2009) or with normal vision (None)."""
    rgb = np.array([to_rgb(a), to_rgb(b)])
    if deficiency is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}
        rgb = np.clip(cspace_convert(rgb, space, "sRGB1"), 0.0, 1.0)
    return float(deltaE(rgb[0], rgb[1], input_space="sRGB1", uniform_space="CAM02-UCS"))


@pytest.mark.parametrize(
    ("deficiency", "least"), [(None, 30.0), *((d, 20.0) for d in DEFICIENCIES)]
)
def test_every_reader_tells_apart_what_matters(deficiency: str | None, least: float) -> None:
    too_close = [
        (a, b, round(distance, 1))
        for a, ca, b, cb in pairs_to_tell_apart()
        if (distance := colour_distance(ca, cb, deficiency)) < least
    ]
    assert too_close == []


def test_the_distance_is_measured_as_published() -> None:
    """The measure itself: the issue's red and green circles, 10.8 apart for deuteranopes."""
    assert colour_distance("#1a9850", "#d73027", "deuteranomaly") == pytest.approx(10.8, abs=0.1)
    assert colour_distance("#1a9850", "#d73027", None) > 50


def test_verdicts_differ_by_shape_as_well() -> None:
    assert TARGET_MEETS.fill != "none" and TARGET_MEETS.fill_opacity == 1.0  # a filled disc
    assert TARGET_SHORT.fill == "none" and TARGET_SHORT.fill_opacity == 0.0  # an open ring
    assert TARGET_SHORT.edge_px >= 2 * TARGET_MEETS.edge_px


def test_usual_tiers_have_fixed_distinct_colours() -> None:
    names = ["short", "medium", "long", "counter_drone"]
    assert [tier_colour(n) for n in names] == [TIER_PALETTE[n] for n in names]
    assert len({tier_colour(n) for n in names}) == len(names)


def test_user_named_tiers_get_the_same_colour_in_every_process() -> None:
    code = "from umbrella.maps.style import tier_colour; print(tier_colour('sam-belt-7'))"
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert other == tier_colour("sam-belt-7")
    assert tier_colour("sam-belt-7") in FALLBACK_PALETTE


def test_depth_ramp_darkens() -> None:
    lightness = [
        cspace_convert(to_rgb(depth_colour(d)), "sRGB1", "CAM02-UCS")[0] for d in range(1, 5)
    ]
    assert lightness == sorted(lightness, reverse=True)
    assert depth_colour(9) == depth_colour(4)
    assert depth_label(2) == "depth 2"
    assert depth_label(4) == "depth 4+"


def test_energy_symbols_grow_with_capacity_and_stay_bounded() -> None:
    radii = [capacity_radius_px(mw) for mw in (0, 10, 500, 4000, 1e6)]
    assert radii == sorted(radii)
    assert radii[-1] <= 14.0
    assert capacity_radius_px(math.nan) == capacity_radius_px(0)
    assert capacity_radius_px(-3) == capacity_radius_px(0)
