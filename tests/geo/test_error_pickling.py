"""Input errors cross process boundaries intact (analyses run in worker processes)."""

from __future__ import annotations

import pickle

import pytest

from umbrella.coverage.errors import NO_VALUE, FieldProblem, ScenarioError
from umbrella.geo.errors import GeoInputError, InputError
from umbrella.layers.errors import RegionNotFound


@pytest.mark.parametrize(
    "error",
    [
        GeoInputError("radius_m", 0.5, "must be >= 1 m"),
        ScenarioError([FieldProblem("tiers", NO_VALUE, "is required"), FieldProblem("a", 1, "b")]),
        RegionNotFound("XYZ", ["XKX"]),
    ],
)
def test_errors_pickle_with_their_fields_and_message(error: InputError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert (copy.field, copy.value, copy.reason) == (error.field, error.value, error.reason)
    if isinstance(error, ScenarioError):
        assert isinstance(copy, ScenarioError)
        assert copy.problems == error.problems
        assert copy.problems[0].value is NO_VALUE
