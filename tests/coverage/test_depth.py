"""Requirements: depth and required tiers, against a truth table written here."""

from __future__ import annotations

import pytest

from umbrella.coverage.depth import meets_requirement


@pytest.mark.parametrize(
    ("present", "min_depth", "required", "meets"),
    [
        ({"short"}, 1, ["short"], True),  # exactly the required tier
        ({"short", "long"}, 2, ["short", "long"], True),
        ({"short", "long"}, 3, [], False),  # one tier too few
        ({"short", "long"}, 2, [], True),  # exactly enough
        ({"long"}, 1, ["short"], False),  # deep enough, without the required tier
        (set(), 0, [], True),  # nothing asked
    ],
)
def test_a_requirement_is_met_with_enough_tiers_including_every_required_one(
    present: set[str], min_depth: int, required: list[str], meets: bool
) -> None:
    assert meets_requirement(present, min_depth, required) is meets
