"""Importing evidence in the browser: upload, preview, confirm.

| route | does |
|---|---|
| `GET /curation/import` | the upload form (RIS, BibTeX or CSV; defaults for what bibliographies lack) |
| `POST /curation/import` (file, format, default_*) | the preview: per row new / changed / unchanged / invalid, the field changes and the file diff, every error named by row, line and field. Nothing is written. |
| `POST /curation/import/defaults` (upload, default_*) | a failed preview again, with the defaults it offered for what rows lack (issue 19.10) |
| `POST /curation/import/confirm` (upload, digest, reason) | applies the previewed batch: all rows or none |

Between preview and confirm the upload waits in the data directory
(`curation-uploads/<token>.json`, 0600, for one hour, for the adviser who made it).
On confirm the batch is previewed again: if the knowledge base changed in between so
that the result would differ from what the adviser saw (the preview's digest), the
answer is 409 with the new preview and nothing is written; a row with an error is a
400 naming the rows. The upload's text is always handed to the importer as text,
never as a file name (the importer treats a one-line string naming an existing file
as a path).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from chiptalent import paths
from chiptalent.errors import ConflictError, InputError
from chiptalent.kb.curation.importers import (FORMATS, ImportRejected, apply_import,
                                              detect_format, preview_import)
from chiptalent.webapp import auth
from chiptalent.webapp.curation import current_store
from chiptalent.webapp.curation_forms import FieldErrors, options
from chiptalent.webapp.i18n import t

bp = Blueprint("curation_import", __name__, url_prefix="/curation/import")
auth.guard(bp)

UPLOADS = "curation-uploads"
TTL = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
DEFAULT_FIELDS = ("type", "strength", "strength_reason", "language")
MAX_REASON = 2000


@bp.before_request
def _available():
    if current_store() is None:
        info = current_app.extensions.get("chiptalent.curation.unavailable") or {}
        return render_template("curation/unavailable.html", info=info), 503
    return None


# --- uploads waiting for confirmation ---------------------------------------------------

def _uploads_dir() -> Path:
    path = paths.data_dir(current_app.config.get("DATA_DIR")) / UPLOADS
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _sweep(folder: Path) -> None:
    now = time.time()
    for old in folder.glob("*.json"):
        try:
            if now - old.stat().st_mtime > TTL:
                old.unlink()
        except OSError:
            pass


def save_upload(user: str, upload: dict) -> str:
    folder = _uploads_dir()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    data = json.dumps({**upload, "user": user, "created": time.time()},
                      ensure_ascii=False).encode("utf-8")
    fd = os.open(folder / f"{token}.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return token


def load_upload(token: str, user: str) -> dict | None:
    """The waiting upload of this adviser, or None (unknown, expired, someone else's)."""
    if not TOKEN.match(token or ""):
        return None
    path = _uploads_dir() / f"{token}.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("user") != user \
            or time.time() - float(doc.get("created") or 0) > TTL:
        return None
    return doc


def drop_upload(token: str) -> None:
    if TOKEN.match(token or ""):
        try:
            (_uploads_dir() / f"{token}.json").unlink()
        except OSError:
            pass


# --- previews -------------------------------------------------------------------------

def digest(preview) -> str:
    """What applying the preview would write: each row's kind, id, base version, doc."""
    rows = [[r.kind, r.source_id, r.base_version, r.doc] for r in preview.rows]
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _preview(upload: dict):
    text = upload["text"]
    return preview_import(text, upload.get("format") or None, store=current_store(),
                          defaults=upload.get("defaults") or None,
                          name=upload.get("name") or None)


def _form_page(status=200, errors=None, form=None):
    return render_template("curation/import.html", errors=errors or FieldErrors(),
                           form=form or {}, formats=FORMATS,
                           options=options(current_store().kb)), status


def missing_defaults(doc: dict) -> list[str]:
    """The fields a default could fill that some invalid row lacks, in form order."""
    lacking = {e["field"] for row in doc.get("rows") or [] if row.get("errors")
               for e in row["errors"] if e.get("field") in DEFAULT_FIELDS
               and not (row.get("doc") or {}).get(e["field"])}
    return [field for field in DEFAULT_FIELDS if field in lacking]


def _preview_page(preview, token: str, status: int = 200, *, reason: str = "",
                  message: str | None = None, errors=None, defaults=None):
    doc = preview.as_dict()
    return render_template("curation/import_preview.html", preview=preview,
                           doc=doc, token=token, digest=digest(preview),
                           reason=reason, message=message,
                           errors=errors or FieldErrors(),
                           # a failed preview offers defaults for what rows lack
                           missing=missing_defaults(doc), defaults=defaults or {},
                           options=options(current_store().kb)), status


@bp.route("/", methods=["GET", "POST"])
def upload():
    if request.method == "GET":
        return _form_page()
    form = {key: (request.form.get(key) or "")[:MAX_REASON] for key in
            ("format",) + tuple("default_" + k for k in DEFAULT_FIELDS)}
    errors = FieldErrors()
    fmt = form["format"].strip().lower()
    if fmt and fmt not in FORMATS:
        errors.add("format", t("import.format_invalid", allowed=", ".join(FORMATS)))
    file = request.files.get("file")
    raw = file.read() if file else b""
    name = os.path.basename((file.filename or "") if file else "")[:200]
    if not raw.strip():
        errors.add("file", t("import.file_missing"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        errors.add("file", t("import.not_utf8"))
        text = ""
    defaults = {k: " ".join(form["default_" + k].split()) for k in DEFAULT_FIELDS
                if form["default_" + k].strip()}
    if not fmt and not errors and detect_format(name) is None:
        errors.add("format", t("import.format_unknown"))
    if errors:
        return _form_page(400, errors, form)
    upload_doc = {"text": text, "format": fmt, "name": name, "defaults": defaults}
    try:
        preview = _preview(upload_doc)
    except InputError as exc:
        key = exc.field if exc.field in ("format",) else \
            ("default_" + exc.field if exc.field in DEFAULT_FIELDS else "file")
        errors.add(key, exc.message, "en")
        return _form_page(400, errors, form)
    token = save_upload(auth.current_user().name, upload_doc)
    return _preview_page(preview, token)


@bp.route("/defaults", methods=["POST"])
def with_defaults():
    """The waiting upload previewed again with the defaults the adviser filled in on
    the failed preview (merged over those given at upload); a new upload token."""
    user = auth.current_user()
    token = request.form.get("upload") or ""
    upload_doc = load_upload(token, user.name)
    if upload_doc is None:
        errors = FieldErrors()
        errors.add("file", t("import.expired"))
        return _form_page(400, errors)
    given = {k: " ".join((request.form.get("default_" + k) or "")[:MAX_REASON].split())
             for k in DEFAULT_FIELDS}
    choices = options(current_store().kb)
    allowed = {"type": choices["types"], "strength": choices["strengths"],
               "language": choices["languages"]}
    errors = FieldErrors()
    for key, offered in allowed.items():
        ids = [c["id"] for c in offered]
        if given[key] and given[key] not in ids:      # named at its field, upload kept
            errors.add("default_" + key, t("import.offer.invalid", allowed=", ".join(
                c["label"] for c in offered)))
    if errors:
        return _preview_page(_preview(upload_doc), token, 400, errors=errors,
                             defaults=given)
    defaults = {**(upload_doc.get("defaults") or {}), **{k: v for k, v in given.items() if v}}
    candidate_doc = {**upload_doc, "defaults": defaults}
    preview = _preview(candidate_doc)
    drop_upload(token)
    token = save_upload(user.name, {k: v for k, v in candidate_doc.items()
                                    if k not in ("user", "created")})
    return _preview_page(preview, token)


@bp.route("/confirm", methods=["POST"])
def confirm():
    user = auth.current_user()
    token = request.form.get("upload") or ""
    reason = (request.form.get("reason") or "")[:MAX_REASON + 1]
    upload_doc = load_upload(token, user.name)
    if upload_doc is None:
        errors = FieldErrors()
        errors.add("file", t("import.expired"))
        return _form_page(400, errors)
    try:
        preview = _preview(upload_doc)
    except InputError as exc:           # cannot happen for an upload that previewed
        errors = FieldErrors()
        errors.add("file", exc.message, "en")
        return _form_page(400, errors)
    if digest(preview) != request.form.get("digest"):
        # The knowledge base moved on since the preview: show what would happen now.
        drop_upload(token)
        token = save_upload(user.name, upload_doc)
        return _preview_page(preview, token, 409, reason=reason,
                             message=t("import.changed"))
    errors = FieldErrors()
    if not preview.ok:
        return _preview_page(preview, token, 400, reason=reason,
                             message=t("import.has_errors"))
    if not " ".join(reason.split()):
        errors.add("reason", t("form.reason_required"))
        return _preview_page(preview, token, 400, reason=reason, errors=errors)
    try:
        changes = apply_import(preview, user.name, reason)
    except ImportRejected:
        return _preview_page(preview, token, 400, reason=reason,
                             message=t("import.has_errors"))
    except ConflictError:
        drop_upload(token)
        token = save_upload(user.name, upload_doc)
        return _preview_page(_preview(upload_doc), token, 409, reason=reason,
                             message=t("import.changed"))
    except InputError as exc:
        errors.add(None, exc.message, "en")
        return _preview_page(preview, token, 400, reason=reason, errors=errors)
    drop_upload(token)
    return render_template("curation/import_done.html", changes=changes), 200


__all__ = ["bp", "digest", "save_upload", "load_upload"]
