"""Writes of networks' data, by subject: people and their profiles (people.py); joining
networks, imports and stakeholder lists have their own modules."""

from .people import find_or_create_organisation, name_person, start_account, update_profile

__all__ = ["find_or_create_organisation", "name_person", "start_account", "update_profile"]
