"""The shared style: deterministic tier colours, depth ramp, symbol sizes."""

from __future__ import annotations

import math
import subprocess
import sys

from matplotlib.colors import to_rgb

from umbrella.maps.style import (
    FALLBACK_PALETTE,
    TIER_PALETTE,
    capacity_radius_px,
    depth_colour,
    depth_label,
    tier_colour,
)


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


def test_depth_ramp_darkens_and_saturates() -> None:
    luminance = [sum(to_rgb(depth_colour(d))) for d in range(1, 5)]
    assert luminance == sorted(luminance, reverse=True)
    assert depth_colour(9) == depth_colour(4)
    assert depth_label(2) == "depth 2"
    assert depth_label(4) == "depth 4+"


def test_energy_symbols_grow_with_capacity_and_stay_bounded() -> None:
    radii = [capacity_radius_px(mw) for mw in (0, 10, 500, 4000, 1e6)]
    assert radii == sorted(radii)
    assert radii[-1] <= 14.0
    assert capacity_radius_px(math.nan) == capacity_radius_px(0)
    assert capacity_radius_px(-3) == capacity_radius_px(0)
