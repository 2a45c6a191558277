"""Controlled vocabularies: countries, SDGs, regions and the site's own taxonomies.

Countries come from pycountry (ISO 3166-1 alpha-3), SDG goals and targets from the
official titles shipped in `data/sdg/`, regions from `data/regions.yml`, and themes,
organisations and projects from the site's `content/taxonomies/*.yml`.
"""

from lessons_kb.vocab.countries import (
    country_hint,
    country_name,
    is_country,
    regions,
    regions_of,
)
from lessons_kb.vocab.sdgs import (
    normalise_sdg,
    sdg_codes,
    sdg_goal_of,
    sdg_goals,
    sdg_hint,
    sdg_short,
    sdg_targets,
    sdg_title,
)
from lessons_kb.vocab.terms import TAXONOMY_FILES, Term, Vocabulary, did_you_mean

__all__ = [
    "TAXONOMY_FILES",
    "Term",
    "Vocabulary",
    "country_hint",
    "country_name",
    "did_you_mean",
    "is_country",
    "normalise_sdg",
    "regions",
    "regions_of",
    "sdg_codes",
    "sdg_goal_of",
    "sdg_goals",
    "sdg_hint",
    "sdg_short",
    "sdg_targets",
    "sdg_title",
]
