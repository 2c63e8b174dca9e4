"""Safe YAML reading: line numbers for error messages, and limits against hostile files.

Only PyYAML's safe loader is used (the C one where present). On top of it:
- a size limit, so a 50 MB file is refused before it is parsed;
- no aliases in untrusted input, so an alias bomb ("billion laughs") cannot explode
  when the loaded document is walked;
- every mapping remembers the line of each key, so validation can say
  `file:line: field: what is wrong`;
- a key given twice in one mapping is refused, naming the key and both lines (plain
  YAML and JSON keep the last value silently: a plan with `region` twice would lose
  one of them). This holds for every YAML this project reads: the knowledge base,
  rules, profiles, plans; JSON documents are held to the same;
- text must be Unicode that can be written out again: JSON's `"\ud800"` escape makes
  a lone surrogate, which no UTF-8 page, file or terminal can carry, so a document
  holding one is refused, naming the field (it used to surface later as a 500).
"""

from __future__ import annotations

import json
import os
import stat
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


class DuplicateKey(Exception):
    """A mapping gives the same key twice (turned into an InputError with the file)."""

    def __init__(self, key, line: int | None, first_line: int | None):
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line

    def message(self) -> str:
        first = f" (first on line {self.first_line})" if self.first_line else ""
        shown = str(self.key)
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        return f"the key {shown!r} is given twice in one mapping{first}; give it once"


class _LineLoader(_BaseLoader):
    """Safe loader whose mappings are LineDicts, refusing duplicate keys."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            # `<<: *base` merges are expanded by the base class; what it merges in may
            # repeat keys on purpose, so only the keys written here are compared.
            seen: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                try:
                    key = self.construct_object(key_node, deep=True)
                    hash(key)
                except Exception:   # unhashable: the base class reports it below
                    continue
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise DuplicateKey(key, line, seen[key])
                seen[key] = line
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
    except DuplicateKey as exc:
        raise InputError(exc.message(), file=name, line=exc.line,
                         field=str(exc.key)[:80]) from None
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
            document = json.loads(data, object_pairs_hook=_unique_pairs)
            refuse_surrogates(document, name)
            return document
        except DuplicateKey:
            # The JSON parser knows no lines; YAML reads the same JSON and names it.
            return load_yaml_text(data, name)
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


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def surrogate_path(value, path: str = ""):
    """The field path ("solutions[2].title") of the first text holding a lone
    surrogate, "" for the document itself, or None when there is none."""
    if isinstance(value, str):
        return path if _has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _has_surrogate(key):
                return path or "(a key)"
            found = surrogate_path(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for number, item in enumerate(value):
            found = surrogate_path(item, f"{path}[{number}]")
            if found is not None:
                return found
    return None


def refuse_surrogates(document, name: str = "<input>", field: str | None = None) -> None:
    """InputError naming the field when a text of the document holds a lone surrogate
    (U+D800-U+DFFF: half of a UTF-16 pair, not a character)."""
    found = surrogate_path(document)
    if found is not None:
        what = "a key" if found == "(a key)" else "the text"
        raise InputError(f"{what} holds a lone surrogate (\\ud800-\\udfff), which is "
                         "not a character; send text as UTF-8 characters",
                         file=name, field=found or field or None)


def _unique_pairs(pairs: list) -> dict:
    """json.loads' object hook: a dict, refusing a key given twice."""
    result = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKey(key, None, None)
        result[key] = value
    return result


def read_limited_bytes(path: str | Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """An untrusted file's bytes, refusing an oversized file before reading it.

    Only a regular file is read: a device (`/dev/zero` never ends), a pipe or FIFO (it
    may never be written to), a socket or a directory is refused by name. The file is
    opened without blocking (a FIFO swapped in after the check cannot hang the open)
    and read to at most `max_bytes` + 1 bytes, so even a file that grows while it is
    read cannot exhaust memory.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file ({_file_kind(info.st_mode)}); give the "
                             "path of a file", file=str(path))
        if info.st_size > max_bytes:
            raise InputError(f"file too large: {info.st_size:,} bytes, at most "
                             f"{max_bytes:,} allowed", file=str(path))
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise InputError(f"file too large: more than {max_bytes:,} bytes allowed",
                         file=str(path))
    return data


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISFIFO, "a pipe"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "not a file"


def read_document(path: str | Path, max_bytes: int = MAX_INPUT_BYTES):
    """Read an untrusted profile or plan file, refusing oversized files before reading."""
    return load_document(read_limited_bytes(path, max_bytes), str(path), max_bytes)
