"""The JSON API's description: webapp/openapi.yaml (OpenAPI 3.1), served as JSON.

The YAML file is the one place the API's endpoints, parameters and response schemas
are written down; it ships as package data. This module reads it once (safe YAML),
fills in `info.version` from the package so the two never disagree, and hands out a
copy, so no caller can change what the next request gets.
"""

from __future__ import annotations

import copy
import functools
from importlib.resources import files

import yaml

from chiptalent import __version__

DOCUMENT = "openapi.yaml"


@functools.lru_cache(maxsize=1)
def _document() -> dict:
    text = files("chiptalent.webapp").joinpath(DOCUMENT).read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    document["info"]["version"] = __version__
    return document


def openapi_document() -> dict:
    """The OpenAPI 3.1 document of the JSON API, as a fresh dict."""
    return copy.deepcopy(_document())
