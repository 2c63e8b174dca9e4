"""Safe YAML reading: line numbers for error messages, and limits against hostile files.

Only PyYAML's safe loader is used (the C one where present). On top of it:
- a size limit, so a 50 MB file is refused before it is parsed;
- no aliases in untrusted input, so an alias bomb ("billion laughs") cannot explode
  when the loaded document is walked;
- every mapping remembers the line of each key, so validation can say
  `file:line: field: what is wrong`.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from chiptalent.errors import InputError

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Profiles and plans are small documents; a plan with 200 solutions is ~100 kB.
MAX_INPUT_BYTES = 2_000_000


class LineDict(dict):
    """A dict that knows on which line (1-based) it and each of its keys started."""

    __slots__ = ("line", "key_lines")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict = {}

    def line_of(self, key) -> int | None:
        return self.key_lines.get(key, self.line)

    def __reduce__(self):
        # Pickle as a plain dict: line numbers are for validation, not for the cache.
        return (dict, (dict(self),))


class _LineLoader(_BaseLoader):
    """Safe loader whose mappings are LineDicts."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        result = LineDict(mapping)
        result.line = node.start_mark.line + 1
        for key_node, _ in node.value:
            try:
                key = self.construct_object(key_node, deep=deep)
                result.key_lines[key] = key_node.start_mark.line + 1
            except Exception:  # an unhashable key was already reported by the parent
                pass
        return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                            _LineLoader.construct_mapping)


def _describe_yaml_error(exc: yaml.YAMLError) -> tuple[str, int | None]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in str(problem):
        problem = (f"{problem.strip()}: only plain YAML is allowed "
                   "(mappings, lists, strings, numbers, booleans); tags such as "
                   "!!python/... are refused")
    return f"not valid YAML: {problem}", line


def _refuse_aliases(text: str, name: str) -> None:
    """Untrusted YAML may not use anchors/aliases: they are how alias bombs work."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise InputError("YAML aliases (*name) are not allowed in this file",
                                 file=name, line=line)
    except yaml.YAMLError as exc:
        message, line = _describe_yaml_error(exc)
        raise InputError(message, file=name, line=line) from None


def load_yaml_text(text: str, name: str = "<input>", *, allow_aliases: bool = False):
    """Parse YAML text safely; mappings come back as LineDicts."""
    if not allow_aliases:
        _refuse_aliases(text, name)
    try:
        loader = _LineLoader(text)   # PyYAML's safe (C) loader, plus line numbers
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        message, line = _describe_yaml_error(exc)
        raise InputError(message, file=name, line=line) from None
    except RecursionError:
        raise InputError("document nested too deeply", file=name) from None
    except ValueError as exc:   # e.g. an integer of more than 4,300 digits
        raise InputError(f"not a readable YAML document: {exc}", file=name) from None


def load_yaml_file(path: Path, *, allow_aliases: bool = True):
    """Read one knowledge-base YAML file (trusted, but still safe-loaded)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=str(path)) from None
    return load_yaml_text(text, str(path), allow_aliases=allow_aliases)


def load_document(data: bytes | str, name: str = "<input>",
                  max_bytes: int = MAX_INPUT_BYTES):
    """Read an untrusted profile or plan: JSON or YAML, size-limited, no aliases.

    Returns the parsed document; raises InputError naming the line on bad input.
    """
    if isinstance(data, bytes):
        if len(data) > max_bytes:
            raise InputError(f"file too large: {len(data):,} bytes, at most "
                             f"{max_bytes:,} allowed", file=name)
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text", file=name) from None
    elif len(data) > max_bytes:
        raise InputError(f"file too large: more than {max_bytes:,} characters",
                         file=name)
    stripped = data.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            return json.loads(data)
        except RecursionError:
            raise InputError("document nested too deeply", file=name) from None
        except ValueError as exc:
            if not isinstance(exc, json.JSONDecodeError):
                # e.g. an integer of more than 4,300 digits (Python's conversion limit)
                raise InputError(f"not a readable JSON document: {exc}", file=name) from None
            # YAML is a superset of most JSON; fall through only if it parses as YAML.
            try:
                return load_yaml_text(data, name)
            except InputError:
                raise InputError(f"not valid JSON: {exc.msg}", file=name,
                                 line=exc.lineno) from None
    return load_yaml_text(data, name)


def read_limited_bytes(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """An untrusted file's bytes, refusing an oversized file before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    if size > max_bytes:
        raise InputError(f"file too large: {size:,} bytes, at most {max_bytes:,} allowed",
                         file=str(path))
    return path.read_bytes()


def read_document(path: str | Path, max_bytes: int = MAX_INPUT_BYTES):
    """Read an untrusted profile or plan file, refusing oversized files before reading."""
    return load_document(read_limited_bytes(path, max_bytes), str(path), max_bytes)
