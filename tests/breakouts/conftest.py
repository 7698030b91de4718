"""Fixtures shared by the tests of breakouts: a group with its facilitator."""

import pytest

from tests.factories import GroupFactory


@pytest.fixture
def group(facilitator):
    """A breakout group of a breakout item, facilitated by `facilitator`."""
    return GroupFactory(facilitators=[facilitator])
