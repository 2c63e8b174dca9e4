"""Batch import of evidence sources from RIS, BibTeX and CSV: preview, then apply.

`preview_import(path_or_text, fmt)` reads a batch and writes nothing. For each record
it shows whether it makes a new source, changes an existing one (with the field
changes and a unified diff of the file) or changes nothing, and lists every error by
row (record number and line), field and what is allowed. `apply_import(preview, user,
reason)` writes the batch only when no row has an error, and then all rows or none
(store.apply_batch: one commit, each file checked to be the version previewed).

How records become sources:
- CSV (our own columns: id,title,publisher,url,year,language,type,summary,strength,
  strength_reason,interventions,building_blocks,target_groups,levels, plus any other
  field of an evidence file; `;` separates list items): a row with an `id` addresses
  that source (a new one if no file has that id), a row without one matches an
  existing source by url or title or else is new; a non-empty cell replaces the
  field, an empty cell leaves it alone (clearing a field is an edit, not an import).
- RIS and BibTeX (Zotero's exports): title, English title (RIS TT), publisher (RIS PB;
  BibTeX publisher, institution or organization), url, year, language, abstract as
  summary, the reference type as evidence type where the mapping is clear (a report is
  a report; a journal article is a publication of the `report` type; anything else
  needs a default). Keywords that are ids of interventions, target groups or levels
  link the source; other keywords become search words (alt_labels). Strength and its
  reason are never in a bibliography: give them as `defaults` (or fix the rows).
  A record matches an existing source by url or by title; then only the bibliographic
  fields change, links and search words are added, and our own summary and type are
  kept (filled only when empty).
- New sources are drafts; their id is a slug of publisher and title, made unique.
  When a new source names interventions but no building blocks, the blocks of those
  interventions are filled in.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from chiptalent.errors import InputError
from chiptalent.kb.curation.fields import (EDITABLE, LINK_FIELDS, REQUIRED_TEXT, check_id,
                                           clean_value, diff_fields, dump, header_of,
                                           ordered, slug, split_list)
from chiptalent.kb.curation.formats import Record, parse_bibtex, parse_csv, parse_ris
from chiptalent.kb.yamlio import read_limited_bytes

FORMATS = ("ris", "bibtex", "csv")
MAX_IMPORT_BYTES = 5_000_000
CSV_COLUMNS = tuple(k for k in ("id",) + EDITABLE)

RIS_TYPES = {
    "RPRT": "report", "JOUR": "report", "EJOUR": "report", "MGZN": "report",
    "BOOK": "report", "EBOOK": "report", "CHAP": "report", "ECHAP": "report",
    "CONF": "report", "CPAPER": "report", "THES": "report", "NEWS": "report",
    "GOVDOC": "policy-document", "BILL": "policy-document", "STAT": "policy-document",
    "DATA": "dataset", "DBASE": "dataset", "AGGR": "dataset",
}
BIBTEX_TYPES = {
    "techreport": "report", "report": "report", "article": "report", "book": "report",
    "inbook": "report", "incollection": "report", "inproceedings": "report",
    "conference": "report", "phdthesis": "report", "mastersthesis": "report",
    "thesis": "report", "booklet": "report", "dataset": "dataset",
}
LANGUAGES = {"nl": "nl", "nld": "nl", "dut": "nl", "dutch": "nl", "nederlands": "nl",
             "nl-nl": "nl", "nl_nl": "nl", "en": "en", "eng": "en", "english": "en",
             "engels": "en", "en-gb": "en", "en-us": "en", "en_gb": "en", "en_us": "en",
             "british": "en", "american": "en"}
# Where a field of an evidence source comes from in each format (for line numbers).
_SOURCE_FIELDS = {
    "ris": {"title": "TI", "title_en": "TT", "publisher": "PB", "url": "UR", "year": "PY",
            "language": "LA", "summary": "AB", "interventions": "KW",
            "target_groups": "KW", "levels": "KW", "alt_labels": "KW"},
    "bibtex": {"title": "title", "publisher": "publisher", "url": "url", "year": "year",
               "language": "langid", "summary": "abstract", "interventions": "keywords",
               "target_groups": "keywords", "levels": "keywords"},
}
# Fields an import may bring to an existing source from a bibliography.
BIBLIOGRAPHIC = ("title", "title_en", "publisher", "url", "year", "language")


@dataclass
class RowError:
    row: int
    line: int | None
    field: str | None
    message: str

    def describe(self) -> str:
        place = f"row {self.row}" + (f" (line {self.line})" if self.line else "")
        return f"{place}: {self.field}: {self.message}" if self.field \
            else f"{place}: {self.message}"

    def as_dict(self) -> dict:
        return {"row": self.row, "line": self.line, "field": self.field,
                "message": self.message}


@dataclass
class ImportRow:
    row: int
    line: int | None
    kind: str                         # new | changed | unchanged | invalid
    source_id: str | None
    doc: dict
    base: object = None               # the SourceRecord a change is based on
    changes: dict = field(default_factory=dict)
    diff: str = ""
    errors: list[RowError] = field(default_factory=list)
    lines: dict = field(default_factory=dict, repr=False)   # field -> line in the file

    @property
    def base_version(self) -> int | None:
        return self.base.version if self.base is not None else None

    def as_dict(self) -> dict:
        return {"row": self.row, "line": self.line, "kind": self.kind,
                "id": self.source_id, "base_version": self.base_version,
                "changes": self.changes, "diff": self.diff, "doc": self.doc,
                "errors": [e.as_dict() for e in self.errors]}


@dataclass
class ImportPreview:
    fmt: str
    name: str
    rows: list[ImportRow]
    store: object = None

    @property
    def errors(self) -> list[RowError]:
        return [e for row in self.rows for e in row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        out = {"new": 0, "changed": 0, "unchanged": 0, "invalid": 0}
        for row in self.rows:
            out[row.kind] += 1
        return out

    def as_dict(self) -> dict:
        return {"format": self.fmt, "name": self.name, "ok": self.ok,
                "counts": self.counts(), "rows": [r.as_dict() for r in self.rows],
                "errors": [e.as_dict() for e in self.errors]}

    def describe(self) -> str:
        """The preview for a terminal: one line a row, the diffs, then the errors."""
        lines = []
        for row in self.rows:
            label = row.source_id or "?"
            lines.append(f"row {row.row}: {row.kind} {label}")
            if row.kind in ("new", "changed") and row.diff:
                lines.extend("    " + d for d in row.diff.rstrip("\n").splitlines())
        counts = self.counts()
        lines.append(", ".join(f"{n} {k}" for k, n in counts.items()))
        for error in self.errors:
            lines.append("error: " + error.describe())
        return "\n".join(lines) + "\n"


class ImportRejected(InputError):
    """The batch has rows with errors; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "; ".join(e.describe() for e in errors[:10])
        more = f"; ... and {len(errors) - 10} more" if len(errors) > 10 else ""
        super().__init__(f"the import has {len(errors)} error(s), nothing was written: "
                         f"{shown}{more}", line=errors[0].line if errors else None,
                         field=errors[0].field if errors else None)


# --- reading --------------------------------------------------------------------------

def detect_format(name: str) -> str | None:
    suffix = Path(str(name)).suffix.lower()
    return {".ris": "ris", ".bib": "bibtex", ".bibtex": "bibtex",
            ".csv": "csv"}.get(suffix)


def _read(source) -> tuple[str, str]:
    """(text, name) of a path (a Path object) or of text given directly.

    Only a Path is ever opened: text is always content, never a file name, so an upload
    that happens to spell a server path cannot make us read that file."""
    if isinstance(source, bytes):
        source = source.decode("utf-8-sig")
    if isinstance(source, os.PathLike):
        path = Path(source)
        data = read_limited_bytes(path, MAX_IMPORT_BYTES)
        try:
            return data.decode("utf-8-sig"), str(path)
        except UnicodeDecodeError:
            raise InputError("not UTF-8 text (export as UTF-8)", file=str(path)) from None
    if not isinstance(source, str):
        raise InputError("give a file or its text", field="file")
    if len(source) > MAX_IMPORT_BYTES:
        raise InputError(f"input too large: at most {MAX_IMPORT_BYTES:,} characters")
    return source, "<input>"


def _year_of(value: str | None) -> str | None:
    if not value:
        return None
    match = re.search(r"\b(1[89]\d\d|20\d\d|2100)\b", value)
    return match.group(1) if match else value


def _language(value: str | None):
    if value is None:
        return None
    return LANGUAGES.get(value.strip().lower(), value.strip().lower())


def _keywords(values: list[str]) -> list[str]:
    out = []
    for value in values:
        for word in re.split(r"[;,]", value):
            word = " ".join(word.split())
            if word and word not in out:
                out.append(word)
    return out


def _ris_fields(record: Record) -> tuple[dict, list[str], list[tuple[str, str]]]:
    fields, errors = {}, []
    fields["title"] = record.first("TI", "T1", "CT", "BT")
    fields["title_en"] = record.first("TT")
    fields["publisher"] = record.first("PB")
    fields["url"] = record.first("UR")
    fields["year"] = _year_of(record.first("PY", "Y1", "DA"))
    fields["language"] = _language(record.first("LA"))
    fields["summary"] = record.first("AB", "N2")
    if record.kind in RIS_TYPES:
        fields["type"] = RIS_TYPES[record.kind]
    elif record.kind:
        errors.append(("type", f"the RIS type {record.kind} has no evidence type; "
                               "give a default type"))
    return fields, _keywords(record.all("KW")), errors


def _bibtex_fields(record: Record) -> tuple[dict, list[str], list[tuple[str, str]]]:
    fields, errors = {}, []
    fields["title"] = record.first("title")
    fields["publisher"] = record.first("publisher", "institution", "organization",
                                       "school")
    fields["url"] = record.first("url")
    fields["year"] = _year_of(record.first("year", "date"))
    fields["language"] = _language(record.first("langid", "language"))
    fields["summary"] = record.first("abstract")
    if record.kind in BIBTEX_TYPES:
        fields["type"] = BIBTEX_TYPES[record.kind]
    elif record.kind:
        errors.append(("type", f"the BibTeX entry type @{record.kind} has no evidence "
                               "type; give a default type"))
    return fields, _keywords(record.all("keywords", "keyword")), errors


def _csv_fields(record: Record) -> tuple[dict, list[str], list[tuple[str, str]]]:
    return {name: values[0] for name, values in record.fields.items()}, [], []


# --- building the preview -------------------------------------------------------------

def _norm_title(text: str | None) -> str:
    return " ".join(re.findall(r"\w+", (text or "").casefold()))


class _Matcher:
    """Finds the existing source a bibliographic record is about (by url, then title)."""

    def __init__(self, kb):
        self.by_url, self.by_title = {}, {}
        for source in kb.evidence.values():
            if source.url:
                self.by_url.setdefault(source.url.rstrip("/"), source.id)
            for title in (source.title, source.title_en):
                if title:
                    self.by_title.setdefault(_norm_title(title), source.id)

    def find(self, fields: dict) -> str | None:
        url = fields.get("url")
        if url and url.rstrip("/") in self.by_url:
            return self.by_url[url.rstrip("/")]
        for key in ("title", "title_en"):
            title = _norm_title(fields.get(key))
            if title and title in self.by_title:
                return self.by_title[title]
        return None


def _diff_text(base, doc: dict, source_id: str) -> str:
    old_text = base.raw.decode("utf-8") if base is not None else ""
    old = old_text.splitlines(keepends=True)
    new = dump(doc, header_of(old_text)).splitlines(keepends=True)
    name = f"evidence/{source_id}.yaml"
    return "".join(difflib.unified_diff(old, new, "/dev/null" if base is None else
                                        f"a/{name}", f"b/{name}"))


def preview_import(source, fmt: str | None = None, *, store=None,
                   defaults: dict | None = None, name: str | None = None) -> ImportPreview:
    """Read a batch and show what applying it would do; writes nothing."""
    from chiptalent.kb.curation.store import open_store

    store = store or open_store()
    text, read_name = _read(source)
    name = name or read_name
    fmt = (fmt or detect_format(name) or "").lower()
    if fmt == "bib":
        fmt = "bibtex"
    if fmt not in FORMATS:
        raise InputError(f"unknown import format {fmt or '(none)'!r}; allowed: "
                         + ", ".join(FORMATS), field="format")
    try:
        defaults = {k: clean_value(k, v) for k, v in (defaults or {}).items()}
    except InputError as exc:
        raise InputError(f"default {exc.message}", field=exc.field) from None
    for key in defaults:
        if key in ("id", "version"):
            raise InputError(f"{key} cannot have a default", field=key)

    if fmt == "ris":
        records, mapper = parse_ris(text), _ris_fields
    elif fmt == "bibtex":
        records, mapper = parse_bibtex(text), _bibtex_fields
    else:
        records, mapper = parse_csv(text, CSV_COLUMNS), _csv_fields

    kb = store.kb
    matcher = _Matcher(kb)
    rows: list[ImportRow] = []
    claimed: dict[str, int] = {}          # source id -> the row that claimed it
    for record in records:
        rows.append(_row(record, fmt, mapper, defaults, store, kb, matcher, claimed))

    # Validate every row with a document in one pass (one SHACL graph for the batch).
    # Rows with errors already are checked too, so that each row shows all its errors
    # at once; a field already reported on a row is not reported twice.
    checkable = [r for r in rows if r.source_id and r.kind != "unchanged"]
    if checkable:
        docs = [{**r.doc, "version": r.base_version + 1 if r.base else 1}
                for r in checkable]
        row_fmt = fmt
        for row, problems in zip(checkable, store.validate(docs)):
            reported = {e.field for e in row.errors}
            for p in problems:
                field_name = (p.field or "").split(".")[0].split("[")[0] or None
                if field_name in reported and field_name is not None:
                    continue
                line = row.lines.get(_SOURCE_FIELDS.get(row_fmt, {}).get(field_name,
                                                                         field_name))
                row.errors.append(RowError(row.row, line or row.line,
                                           field_name or p.field, p.message))
    for row in rows:
        if row.errors:
            row.kind = "invalid"
    return ImportPreview(fmt=fmt, name=name, rows=rows, store=store)


def _row(record: Record, fmt, mapper, defaults, store, kb, matcher, claimed) -> ImportRow:
    row = ImportRow(row=record.number, line=record.line, kind="invalid", source_id=None,
                    doc={}, lines=dict(record.lines))

    def error(field, message):
        line = None
        if field:
            line = record.lines.get(_SOURCE_FIELDS.get(fmt, {}).get(field, field))
        row.errors.append(RowError(record.number, line or record.line, field, message))

    for field_name, message in record.errors:
        error(field_name, message)
    raw, keywords, mapping_errors = mapper(record)
    values: dict = {}
    for key, value in raw.items():
        if value is None or value == "":
            continue
        try:
            values[key] = clean_value(key, value) if key != "id" else value.strip()
        except InputError as exc:
            error(key, exc.message)
    if "language" in values and values["language"] not in ("nl", "en"):
        error("language", f"{values.pop('language')!r} is not allowed; allowed: nl, en")
    if "type" not in values:
        for key, message in mapping_errors:
            if key not in defaults:
                error(key, message)

    # Keywords: ids link the source, other words help people find it.
    links = {k: [] for k in LINK_FIELDS}
    for word in keywords:
        low = word.lower()
        if low in kb.interventions:
            links["interventions"].append(low)
        elif low in kb.vocabulary("target_group"):
            links["target_groups"].append(low)
        elif low in kb.vocabulary("level"):
            links["levels"].append(low)
        else:
            links.setdefault("alt_labels", []).append(word)

    # Which source is this?
    base = None
    source_id = values.pop("id", None)
    if source_id:
        try:
            check_id(source_id)
        except InputError as exc:
            error("id", exc.message)
            source_id = None
    elif fmt != "csv":
        source_id = matcher.find(values)
    elif values.get("url") or values.get("title"):
        source_id = matcher.find(values)
    if source_id:
        kind, _ = kb.find(source_id)
        if kind not in (None, "evidence"):
            error("id", f"the id {source_id!r} is already used by a {kind}")
            source_id = None
        elif store.exists(source_id):
            try:
                base = store.get(source_id)
            except InputError as exc:
                error("id", exc.message)
                source_id = None

    if base is not None:
        doc = dict(base.doc)
        doc.pop("version", None)
        if fmt == "csv":
            doc.update(values)
        else:
            for key in BIBLIOGRAPHIC:
                if key in values:
                    doc[key] = values[key]
            for key in ("summary", "type"):
                if not doc.get(key) and values.get(key):
                    doc[key] = values[key]
        for key, items in links.items():
            doc[key] = list(dict.fromkeys(split_list(doc.get(key)) + items))
    else:
        doc = {"title": None, "title_en": None, "publisher": None, "url": None,
               "year": None, "language": "nl", "type": None, "summary": None,
               "summary_en": None, "strength": None, "strength_reason": None,
               "interventions": [], "building_blocks": [], "target_groups": [],
               "levels": [], "in_seed": False, "status": "draft"}
        for key, value in defaults.items():
            doc[key] = value
        doc.update(values)
        for key, items in links.items():
            doc[key] = list(dict.fromkeys(split_list(doc.get(key)) + items))
        if not doc.get("alt_labels"):
            doc.pop("alt_labels", None)
        if doc["interventions"] and not doc["building_blocks"]:
            doc["building_blocks"] = sorted({kb.interventions[i].building_block
                                             for i in doc["interventions"]
                                             if i in kb.interventions})
        if not source_id and (doc.get("title") or doc.get("publisher")):
            base_slug = slug(doc.get("publisher"), doc.get("title"))
            source_id = _unique(base_slug, store, claimed)
    for key in REQUIRED_TEXT:
        if doc.get(key) is None:
            doc.pop(key, None)
            if base is None and not any(e.field == key for e in row.errors):
                error(key, "is required (missing); give it in the file or as a default")

    if source_id:
        if source_id in claimed:
            error("id", f"the same source ({source_id}) as row {claimed[source_id]}; "
                        "a batch changes each source once")
        else:
            claimed[source_id] = record.number
    row.source_id = source_id
    row.base = base
    row.doc = ordered({"id": source_id, **doc}) if source_id else ordered(doc)
    if source_id and not row.errors:
        shown = {**row.doc, "version": base.version + 1 if base else 1}
        if base is not None:
            row.changes = diff_fields(base.doc, row.doc)
            row.kind = "changed" if row.changes else "unchanged"
        else:
            row.changes = {k: {"old": None, "new": v} for k, v in row.doc.items()
                           if v not in (None, [], False)}
            row.kind = "new"
        row.diff = _diff_text(base, shown, source_id) if row.kind != "unchanged" else ""
    return row


def _unique(base: str, store, claimed) -> str:
    n = 1
    while True:
        candidate = base if n == 1 else f"{base}-{n}"
        if candidate not in claimed and not store.id_taken(candidate):
            return candidate
        n += 1


def apply_import(preview: ImportPreview, user, reason, *, store=None) -> list:
    """Write a previewed batch: all rows or, on any error or conflict, none."""
    if not preview.ok:
        raise ImportRejected(preview.errors)
    store = store or preview.store
    items = [(row.base, row.doc) for row in preview.rows if row.kind in ("new", "changed")]
    if not items:
        return []
    return store.apply_batch(items, user=user, reason=reason, action="import")
