"""The models of networks: people, the directory and its vocabularies (core), and what
networks do together (work)."""

from .core import (
    ActionCategory,
    EqualityGroup,
    FourR,
    Goal,
    Level,
    Membership,
    Network,
    Organisation,
    Partnership,
    Sector,
    Theme,
    User,
    UserManager,
    Vocabulary,
)
from .work import (
    Collaboration,
    ImportBatch,
    ImportedRow,
    JoinRequest,
    Stakeholder,
    StakeholderList,
)

__all__ = [
    "ActionCategory",
    "Collaboration",
    "EqualityGroup",
    "FourR",
    "Goal",
    "ImportBatch",
    "ImportedRow",
    "JoinRequest",
    "Level",
    "Membership",
    "Network",
    "Organisation",
    "Partnership",
    "Sector",
    "Stakeholder",
    "StakeholderList",
    "Theme",
    "User",
    "UserManager",
    "Vocabulary",
]
