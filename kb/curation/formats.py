"""Readers for the import formats: RIS, BibTeX (what Zotero exports) and CSV.

Each reader turns text into `Record`s: the record's number (1-based), the line it
starts on, its kind (RIS `TY`, BibTeX entry type), its raw fields (name -> list of
values) and the syntax errors found in it. Mapping fields onto evidence sources is
importers.py's job; these readers only read, and never raise on a bad record: the
error is kept with the record so the preview can name it.

BibTeX is read with a small scanner of our own: braces and quotes, `#`
concatenation, `@string` macros (and the month names), `@comment` and `@preamble`
skipped, and the common LaTeX accents and escapes turned into Unicode. A syntax error
ends the record it occurs in; reading resumes at the next `@`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from chiptalent.errors import InputError


@dataclass
class Record:
    number: int
    line: int
    kind: str | None = None
    key: str | None = None
    fields: dict[str, list[str]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)     # field -> line it starts on
    errors: list[tuple[str | None, str]] = field(default_factory=list)

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.fields.get(name, []):
                if value and value.strip():
                    return value.strip()
        return None

    def all(self, *names: str) -> list[str]:
        return [v for name in names for v in self.fields.get(name, []) if v and v.strip()]


# --- RIS ------------------------------------------------------------------------------

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def parse_ris(text: str) -> list[Record]:
    """RIS records (`TY  - ...` to `ER  -`); continuation lines join the field above."""
    records: list[Record] = []
    current: Record | None = None
    last: str | None = None
    for lineno, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        line = line.rstrip()
        if not line.strip():
            continue
        match = _RIS_TAG.match(line)
        if match:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "TY":
                if current is not None:
                    current.errors.append((None, f"the record has no end (ER) before "
                                                 f"line {lineno}"))
                    records.append(current)
                current = Record(number=len(records) + 1, line=lineno, kind=value.upper())
                last = None
            elif current is None:
                records.append(Record(number=len(records) + 1, line=lineno, errors=[(
                    None, f"line {lineno}: {tag} outside a record (a record starts "
                          "with 'TY  - ')")]))
            elif tag == "ER":
                records.append(current)
                current, last = None, None
            else:
                current.fields.setdefault(tag, []).append(value)
                current.lines.setdefault(tag, lineno)
                last = tag
        elif current is not None and last is not None:
            values = current.fields[last]
            values[-1] = f"{values[-1]} {line.strip()}".strip()
        elif current is not None:
            current.errors.append((None, f"line {lineno} is not a RIS line "
                                         "('XX  - value')"))
        else:
            records.append(Record(number=len(records) + 1, line=lineno, errors=[(
                None, f"line {lineno} is outside a record and not a RIS line")]))
    if current is not None:
        current.errors.append((None, "the record has no end (ER)"))
        records.append(current)
    return records


# --- BibTeX ---------------------------------------------------------------------------

_MONTHS = {m: str(i) for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "u": "\u0306", "v": "\u030c",
            "H": "\u030b", "k": "\u0328", "r": "\u030a"}
_LETTERS = {"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "aa": "å", "AA": "Å",
            "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "oe": "œ", "OE": "Œ"}


class _Syntax(Exception):
    def __init__(self, pos: int, message: str):
        self.pos, self.message = pos, message


def _accent(match) -> str:
    letter = match.group(2) or match.group(3)
    return ("i" if letter == "\\i" else letter) + _ACCENTS[match.group(1)]


def latex_to_text(value: str) -> str:
    """Common LaTeX in BibTeX values as plain Unicode text."""
    text = value
    text = re.sub(r"\\([\"'`^~=.])(?:\{\s*(\\i|[A-Za-z])\s*\}|\s*(\\i|[A-Za-z]))",
                  _accent, text)
    text = re.sub(r"\\([cuvHkr])(?:\s*\{\s*([A-Za-z])\s*\}|\s+([A-Za-z]))",
                  lambda m: (m.group(2) or m.group(3)) + _ACCENTS[m.group(1)], text)
    text = re.sub(r"\\(ss|ae|AE|aa|AA|oe|OE|o|O|l|L|i|j)(?![A-Za-z])\s*(\{\})?",
                  lambda m: _LETTERS[m.group(1)], text)
    text = re.sub(r"\\([&%$#_{}])", r"\1", text)
    text = re.sub(r"\\[A-Za-z]+\*?\s*", "", text)       # \emph{x} -> {x}, \relax -> ""
    text = text.replace("---", "\u2014").replace("--", "\u2013").replace("~", " ")
    text = text.replace("{", "").replace("}", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


class _BibScanner:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.macros = dict(_MONTHS)

    def line_at(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def skip_space(self):
        text, n = self.text, len(self.text)
        while self.pos < n:
            if text[self.pos].isspace():
                self.pos += 1
            elif text[self.pos] == "%":          # a comment up to the end of the line
                end = text.find("\n", self.pos)
                self.pos = n if end < 0 else end + 1
            else:
                break

    def name(self) -> str:
        match = re.compile(r"[^\s\"#%'(),={}]+").match(self.text, self.pos)
        if not match:
            raise _Syntax(self.pos, "a name was expected here")
        self.pos = match.end()
        return match.group(0)

    def balanced(self) -> str:
        """The text inside {...} starting at self.pos (on the `{`)."""
        depth, start = 0, self.pos
        for i in range(self.pos, len(self.text)):
            ch = self.text[i]
            if ch == "\\":
                continue
            if ch == "{" and (i == 0 or self.text[i - 1] != "\\"):
                depth += 1
            elif ch == "}" and self.text[i - 1] != "\\":
                depth -= 1
                if depth == 0:
                    self.pos = i + 1
                    return self.text[start + 1:i]
        raise _Syntax(start, "unbalanced braces: a '{' is never closed")

    def quoted(self) -> str:
        depth, start = 0, self.pos
        for i in range(self.pos + 1, len(self.text)):
            ch = self.text[i]
            if self.text[i - 1] == "\\":
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == '"' and depth == 0:
                self.pos = i + 1
                return self.text[start + 1:i]
        raise _Syntax(start, 'a quoted value is never closed (")')

    def value(self) -> str:
        parts = []
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                raise _Syntax(self.pos, "the entry ends in the middle of a value")
            ch = self.text[self.pos]
            if ch == "{":
                parts.append(self.balanced())
            elif ch == '"':
                parts.append(self.quoted())
            else:
                start = self.pos
                word = self.name()
                if word.isdigit():
                    parts.append(word)
                elif word.lower() in self.macros:
                    parts.append(self.macros[word.lower()])
                else:
                    raise _Syntax(start, f"unknown macro {word!r} (a value needs braces "
                                         "or quotes)")
            self.skip_space()
            if self.pos < len(self.text) and self.text[self.pos] == "#":
                self.pos += 1
                continue
            return "".join(parts)

    def expect(self, chars: str) -> str:
        self.skip_space()
        if self.pos >= len(self.text) or self.text[self.pos] not in chars:
            found = self.text[self.pos] if self.pos < len(self.text) else "the end"
            raise _Syntax(self.pos, f"expected {' or '.join(repr(c) for c in chars)}, "
                                    f"found {found!r}")
        self.pos += 1
        return self.text[self.pos - 1]


def parse_bibtex(text: str) -> list[Record]:
    """BibTeX entries as Records (field names lower-case, values as Unicode text)."""
    scanner = _BibScanner(text.lstrip("\ufeff"))
    records: list[Record] = []
    text = scanner.text
    while True:
        at = text.find("@", scanner.pos)
        if at < 0:
            break
        scanner.pos = at + 1
        record: Record | None = None
        try:
            kind = scanner.name().lower()
            opener = scanner.expect("{(")
            closer = "}" if opener == "{" else ")"
            if kind == "comment":
                if opener == "{":
                    scanner.pos -= 1
                    scanner.balanced()
                continue
            if kind == "preamble":
                scanner.value()
                scanner.expect(closer)
                continue
            if kind == "string":
                scanner.skip_space()
                macro = scanner.name().lower()
                scanner.expect("=")
                scanner.macros[macro] = scanner.value()
                scanner.expect(closer)
                continue
            record = Record(number=len(records) + 1, line=scanner.line_at(at), kind=kind)
            scanner.skip_space()
            match = re.compile(r"[^,\s}]*").match(text, scanner.pos)
            record.key = match.group(0)
            scanner.pos = match.end()
            while True:
                sep = scanner.expect("," + closer)
                if sep == closer:
                    break
                scanner.skip_space()
                if scanner.pos < len(text) and text[scanner.pos] == closer:
                    scanner.pos += 1
                    break
                field_pos = scanner.pos
                name = scanner.name().lower()
                scanner.expect("=")
                value = latex_to_text(scanner.value())
                record.fields.setdefault(name, []).append(value)
                record.lines.setdefault(name, scanner.line_at(field_pos))
            records.append(record)
        except _Syntax as exc:
            if record is None:
                record = Record(number=len(records) + 1, line=scanner.line_at(at))
            record.errors.append((None, f"line {scanner.line_at(exc.pos)}: {exc.message}"))
            records.append(record)
            # Resume at the next entry: an '@' at the start of a line.
            match = re.compile(r"^\s*@", re.M).search(text, max(exc.pos, at + 1))
            scanner.pos = match.start() if match else len(text)
    return records


# --- CSV ------------------------------------------------------------------------------

def parse_csv(text: str, columns: tuple[str, ...]) -> list[Record]:
    """Rows of a comma-separated file whose header names some of `columns`.

    A header naming an unknown column (or no header) raises InputError for the whole
    file; everything wrong in a row is kept with that row.
    """
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("the file is empty; it needs a header line", line=1) from None
    except csv.Error as exc:
        raise InputError(f"not valid CSV: {exc}", line=1) from None
    header = [h.strip().lower() for h in header]
    if len(header) == 1 and ";" in header[0]:
        raise InputError("the header is separated by ';'; separate columns with ',' "
                         "(';' separates the items of a list)", line=1)
    for n, name in enumerate(header, 1):
        if name not in columns:
            raise InputError(f"unknown column {name!r} (column {n}); allowed: "
                             + ", ".join(columns), line=1, field=name or f"column {n}")
    if len(set(header)) != len(header):
        raise InputError("a column is named twice in the header", line=1)
    records: list[Record] = []
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            records.append(Record(number=len(records) + 1, line=line,
                                  errors=[(None, f"not valid CSV: {exc}")]))
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        record = Record(number=len(records) + 1, line=start)
        if len(row) > len(header):
            record.errors.append((None, f"the row has {len(row)} cells but the header "
                                        f"names {len(header)} columns"))
        for name, cell in zip(header, row):
            if cell.strip():
                record.fields[name] = [cell.strip()]
                record.lines[name] = start
        records.append(record)
    return records
