"""Reads of networks' data, by subject: people (people.py); the directory, the coverage map
and the network picture have their own modules."""

from .people import (
    organisers,
    partnerships_with_networks,
    person_for_page,
)

__all__ = [
    "organisers",
    "partnerships_with_networks",
    "person_for_page",
]
