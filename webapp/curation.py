"""Evidence curation in the browser: advisers add, edit, link, grade and retire sources.

| route | does |
|---|---|
| `GET /curation/` | the sources to curate (drafts first), with links to edit, add and import |
| `GET, POST /curation/new` | add a source (a draft unless marked reviewed) |
| `GET, POST /curation/evidence/<id>` | edit a source: fields, links, strength and its reason, status |
| `POST /curation/evidence/<id>/retire` | retire a source (it stays on file and in the log) |

Only advisers reach these (auth.guard: 401 when not logged in, 403 for other roles);
every change asks for a reason, which goes into the change log. An edit carries the
version it was based on: when the source changed meanwhile the store raises
ConflictError and the page answers 409 with the current values and what the adviser
sent, nothing written. Invalid input is a 400 with a message on each field.

The app's knowledge base is the curation store's (`app.extensions["chiptalent.store"]`,
read by data.get_kb), so the pages show a change at once, and the store carries the
search index forward itself. When the knowledge base is the bundled `kb/data`, the
store refuses to write it: these pages then say how to seed a copy (503).

Who changed what, when and why is public: `/evidence/<id>` shows the source's change
log to everyone (history_entries, the `history` of its JSON twin), because readers
of the evidence should see why a source has its strength.
"""

from __future__ import annotations

from flask import (Blueprint, current_app, flash, redirect, render_template, request,
                   url_for)

from chiptalent.errors import ConflictError, InputError
from chiptalent.i18n import has_text
from chiptalent.kb.curation.fields import check_id
from chiptalent.kb.curation.store import NotFound
from chiptalent.webapp import auth
from chiptalent.webapp.curation_forms import (LINK_FIELDS, NEW_DOC, FieldErrors,
                                              add_exception, candidate, changes_of,
                                              check_required, more_problems, options,
                                              read_form, shown, unsaved, values_of)
from chiptalent.webapp.curation_labels import amsterdam_time, change_parts, labelled
from chiptalent.webapp.errors import UnknownId, error_response
from chiptalent.webapp.i18n import t

bp = Blueprint("curation", __name__, url_prefix="/curation")
auth.guard(bp)

STORE = "chiptalent.store"
UNAVAILABLE = "chiptalent.curation.unavailable"
PAGE_SIZE = 100
MAX_REASON = 2000
STATUS_ORDER = {"draft": 0, "reviewed": 1, "retired": 2}


# --- the store ----------------------------------------------------------------------------

def register(app) -> None:
    """Open the curation store of the app's knowledge base, or note why there is none."""
    from chiptalent.kb.curation.store import open_store

    try:
        store = open_store(app.config.get("KB_DIR"), app.config.get("DATA_DIR"))
    except InputError as exc:
        app.extensions[STORE] = None
        app.extensions[UNAVAILABLE] = {"reason": exc.message,
                                       "bundled": exc.field == "CHIPTALENT_KB"}
    else:
        app.extensions[STORE] = store
        app.extensions[UNAVAILABLE] = None
    app.jinja_env.globals.update(
        history_rows=history_rows, shown=shown, field_label=field_label, labelled=labelled,
        curation_enabled=lambda: current_app.extensions.get(STORE) is not None)

    # A last resort: the views answer it themselves where they can say more.
    @app.errorhandler(ConflictError)
    def _conflicted(exc):
        return error_response(409, exc.message, "version", exc.as_json())


def current_store():
    return current_app.extensions.get(STORE)


@bp.before_request
def _available():
    # Runs after auth.guard's check (registered first): strangers learn only "log in".
    if current_store() is None:
        info = current_app.extensions.get(UNAVAILABLE) or {}
        return render_template("curation/unavailable.html", info=info), 503
    return None


def _record(source_id: str):
    """The stored source, or 404 (also for a string that cannot be an id)."""
    try:
        check_id(source_id)
        return current_store().get(source_id)
    except (NotFound, InputError):
        raise UnknownId(t("curation.not_found", id=source_id[:80])) from None


def _reason() -> str:
    return (request.form.get("reason") or "")[:MAX_REASON + 1]


# --- the list -----------------------------------------------------------------------------

@bp.route("/")
def index():
    kb = current_store().kb
    status = request.args.get("status")
    if status not in STATUS_ORDER:
        status = None
    sources = [s for s in kb.evidence.values() if status is None or s.status == status]
    sources.sort(key=lambda s: (STATUS_ORDER.get(s.status, 3), s.title.casefold()))
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    pages = max(1, -(-len(sources) // PAGE_SIZE))
    page = min(page, pages)
    counts = {key: sum(1 for s in kb.evidence.values() if s.status == key)
              for key in STATUS_ORDER}
    visible = sources[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return render_template("curation/index.html", sources=visible, status=status,
                           counts=counts, total=len(kb.evidence), page=page, pages=pages,
                           strengths=kb.vocabulary("evidence_strength"))


# --- adding and editing ---------------------------------------------------------------------

def _form_page(mode: str, *, values: dict, errors: FieldErrors | None = None,
               status: int = 200, record=None, version=None, reason: str = "",
               conflict=None, source_id: str = "", retire_errors: FieldErrors | None = None,
               retire_reason: str = ""):
    """The add or edit form. `version` is what the hidden field carries: the version the
    adviser's form was based on (a 400 must not quietly move it to a newer one)."""
    kb = current_store().kb
    if record is not None and version is None:
        version = record.version
    return render_template(
        "curation/form.html", mode=mode, values=values, errors=errors or FieldErrors(),
        record=record, version=version, reason=reason, conflict=conflict,
        source_id=source_id, options=options(kb),
        retire_errors=retire_errors or FieldErrors(), retire_reason=retire_reason), status


def _drop_empty_new_keys(changes: dict, base: dict) -> dict:
    # An empty optional field the file never had stays absent (no `alt_labels: []`).
    return {k: v for k, v in changes.items() if not (v in (None, []) and k not in base)}


def _keep_order(changes: dict, base: dict) -> dict:
    """Checkboxes come back in the form's order: keep the file's order for the links it
    already has (new ones after), so an unchanged set is no change in the log."""
    for key in LINK_FIELDS + ("alt_labels",):
        if isinstance(changes.get(key), list) and isinstance(base.get(key), list):
            wanted = changes[key]
            kept = [v for v in base[key] if v in wanted]
            changes[key] = kept + [v for v in wanted if v not in kept]
    return changes


@bp.route("/new", methods=["GET", "POST"])
def new():
    if request.method == "GET":
        return _form_page("new", values=values_of(NEW_DOC))
    store = current_store()
    values = read_form(request.form)
    reason = _reason()
    given_id = (request.form.get("id") or "").strip().lower()[:100]
    errors = FieldErrors()
    check_required(values, reason, errors)
    if given_id:
        try:
            check_id(given_id)
        except InputError:
            errors.add("id", t("form.id_invalid"))
    changes = _drop_empty_new_keys(changes_of(values, errors), NEW_DOC)
    if errors:
        more_problems(store, candidate(NEW_DOC, changes, given_id or "nieuwe-bron", 1,
                                       reported=set(errors)), errors, NEW_DOC)
        return _form_page("new", values=values, errors=errors, status=400, reason=reason,
                          source_id=given_id)
    try:
        change = store.add(changes, user=auth.current_user().name, reason=reason,
                           source_id=given_id or None)
    except ConflictError as exc:
        errors.add("id", t("curation.id_taken", id=exc.item or given_id))
        return _form_page("new", values=values, errors=errors, status=409, reason=reason,
                          source_id=given_id)
    except InputError as exc:
        add_exception(errors, exc)
        return _form_page("new", values=values, errors=errors, status=400, reason=reason,
                          source_id=given_id)
    flash(t("curation.added", id=change.id), "curation")
    return redirect(url_for("browse.evidence", eid=change.id), 303)


@bp.route("/evidence/<source_id>", methods=["GET", "POST"])
def edit(source_id):
    record = _record(source_id)
    if request.method == "GET":
        return _form_page("edit", values=values_of(record.doc), record=record,
                          source_id=source_id)
    store = current_store()
    values = read_form(request.form)
    reason = _reason()
    errors = FieldErrors()
    check_required(values, reason, errors)
    base_version = request.form.get("version", "")
    changes = _keep_order(_drop_empty_new_keys(changes_of(values, errors), record.doc),
                          record.doc)
    if errors:
        more_problems(store, candidate(record.doc, changes, source_id, record.version,
                                       reported=set(errors)), errors, record.doc)
        return _form_page("edit", values=values, errors=errors, status=400, reason=reason,
                          record=record, version=base_version, source_id=source_id)
    try:
        change = store.edit(source_id, changes, base_version=base_version,
                            user=auth.current_user().name, reason=reason)
    except ConflictError as exc:
        return _conflict(source_id, exc, values, reason, base_version)
    except NotFound:
        raise UnknownId(t("curation.not_found", id=source_id)) from None
    except InputError as exc:
        add_exception(errors, exc)
        return _form_page("edit", values=values, errors=errors, status=400, reason=reason,
                          record=record, version=base_version, source_id=source_id)
    if change.written:
        flash(t("curation.saved", id=change.id, version=change.version), "curation")
    else:
        flash(t("curation.unchanged", id=change.id, version=change.version), "curation")
    return redirect(url_for("browse.evidence", eid=change.id), 303)


def _conflict(source_id: str, exc: ConflictError, values: dict, reason: str,
              base_version=None):
    """409: the current values in the form, what the adviser sent beside them."""
    current = _record(source_id)
    mine = exc.expected if exc.expected is not None else (base_version or "?")
    conflict = {"message": t("curation.conflict", id=source_id, mine=mine,
                             theirs=current.version),
                "detail": exc.message,
                "unsaved": unsaved(values, current.doc),
                "history": history_rows(current_store().history(source_id)[:3])}
    return _form_page("edit", values=values_of(current.doc), status=409, reason=reason,
                      record=current, conflict=conflict, source_id=source_id)


@bp.route("/evidence/<source_id>/retire", methods=["POST"])
def retire(source_id):
    record = _record(source_id)
    store = current_store()
    reason = _reason()
    base_version = request.form.get("version", "")
    errors = FieldErrors()
    if not " ".join(reason.split()):
        errors.add("reason", t("form.reason_required"))
    else:
        try:
            change = store.retire(source_id, base_version=base_version,
                                  user=auth.current_user().name, reason=reason)
        except ConflictError as exc:
            return _conflict(source_id, exc, values_of(record.doc), "", base_version)
        except InputError as exc:
            add_exception(errors, exc)
        else:
            flash(t("curation.retired", id=change.id), "curation")
            return redirect(url_for("browse.evidence", eid=change.id), 303)
    return _form_page("edit", values=values_of(record.doc), status=400, record=record,
                      version=base_version, source_id=source_id, retire_errors=errors,
                      retire_reason=reason)


# --- history (public) -------------------------------------------------------------------

def history_entries(source_id: str) -> list[dict] | None:
    """The change-log entries of a source, newest first; None when the app curates
    nothing (the bundled knowledge base has no change log)."""
    store = current_store()
    if store is None:
        return None
    return store.history(source_id)


def _value(value) -> str:
    text = shown(value)
    return text if len(text) <= 400 else text[:400] + "…"


def field_label(key: str) -> str:
    """The form's name of a field of an evidence file (the key itself if it has none)."""
    return t("field." + key) if has_text("field." + key) else key


def history_rows(entries) -> list[dict]:
    """Change-log entries as the page shows them (who, when, what, why): values by
    their labels, each change as "+ added / − removed", the time in Amsterdam
    (webapp/curation_labels.py, issue 19.10)."""
    from chiptalent.webapp.data import get_kb
    kb = get_kb()
    rows = []
    for entry in entries or []:
        if not isinstance(entry, dict):
            continue
        fields = entry.get("fields") if isinstance(entry.get("fields"), dict) else {}
        changes = []
        for key, change in fields.items():
            change = change if isinstance(change, dict) else {}
            changes.append({"field": key, "label": field_label(key),
                            "old": _value(change.get("old")),
                            "new": _value(change.get("new")),
                            **change_parts(kb, key, change.get("old"), change.get("new"))})
        action = str(entry.get("action") or "")
        rows.append({"at": entry.get("at") or "", "when": amsterdam_time(entry.get("at")),
                     "user": str(entry.get("user") or "—"),
                     "action": t("action." + action) if action in
                     ("add", "edit", "retire", "import") else action,
                     "version": entry.get("version"), "reason": str(entry.get("reason") or ""),
                     "changes": changes})
    return rows


__all__ = ["bp", "register", "current_store", "history_entries", "history_rows"]
