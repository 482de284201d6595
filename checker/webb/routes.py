"""The routes: drop files, review a report part by part, granska, download, genomlys."""

from __future__ import annotations

import re
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from ..errors import InputError, Problem
from . import arithmetic, schemaform
from .app import csrf_ok, render
from .document import Document
from .review import GenomlysRun, download, genomlys, granska
from .upload import MAX_UPLOAD, Dropped, display_name, draft, kind_of

FORMATS = {"md": "Markdown", "html": "HTML", "json": "JSON", "docx": "Word"}


def _refused() -> Response:
    return PlainTextResponse("Formuläret saknar giltig säkerhetsnyckel; ladda om sidan och försök igen.", status_code=403)


def _gone() -> Response:
    return PlainTextResponse("Rapporten finns inte längre på sidan (servern har startats om?). Ladda upp filen igen.", status_code=404)


async def _form(request: Request):
    return await request.form(max_files=50, max_fields=100)


def part_problems(problems: list[Problem]) -> dict[str, list[Problem]]:
    by_part: dict[str, list[Problem]] = {}
    for p in problems:
        top = re.split(r"[.\[]", p.path or "", maxsplit=1)[0]
        by_part.setdefault(schemaform.part_of((top,)), []).append(p)
    return by_part


def _fields(widgets) -> list:
    out = []
    for w in widgets:
        if w.kind == "field":
            out.append(w)
        elif w.kind == "group":
            if w.kalla is not None:
                out.append(w.kalla)
            out += _fields(w.fields)
        elif w.kind == "table":
            for row in w.rows:
                out += [c for c in row.cells if c is not None]
                if row.kalla is not None:
                    out.append(row.kalla)
        elif w.kind == "cards":
            out += _fields(w.items)
    return out


def _table_cells(widgets) -> list:
    out = []
    for w in widgets:
        if w.kind == "table":
            out += [c for row in w.rows for c in row.cells if c is not None]
        elif w.kind == "group":
            out += _table_cells(w.fields)
        elif w.kind == "cards":
            out += _table_cells(w.items)
    return out


def field_errors(fields: list, problems: list[Problem]) -> dict[str, list[str]]:
    """Each problem beside its field; one about a row or a part beside the row's first field."""
    paths = {f.where: f.where for f in fields}
    ordered = sorted(paths, key=len, reverse=True)
    out: dict[str, list[str]] = {}
    for p in problems:
        where = p.path if p.path in paths else next((w for w in ordered if p.path.startswith(w + ".") or p.path.startswith(w + "[")), None)
        if where is None:
            where = next((f.where for f in fields if f.where.startswith(p.path + ".") or f.where.startswith(p.path + "[")), None)
        if where is not None:
            out.setdefault(where, []).append(p.message)
    return out


def _part_context(doc: Document, part: str) -> dict:
    with doc.lock:  # the form reads the tree that a download in another thread may be dumping
        return _part_context_locked(doc, part)


def _part_context_locked(doc: Document, part: str) -> dict:
    report, problems = doc.problems()
    widgets = schemaform.part_widgets(doc.doc, part, doc.marks)
    fields = _fields(widgets)
    compact = {c.fid for c in _table_cells(widgets)}
    sums = arithmetic.check(doc.doc)
    by_part = part_problems(problems)
    marks_by_part: dict[str, int] = {}
    for m in doc.marks:
        top = re.split(r"[.\[]", m, maxsplit=1)[0]
        slug = schemaform.part_of((top,))
        marks_by_part[slug] = marks_by_part.get(slug, 0) + 1
    bad_sums: dict[str, int] = {}
    for s in sums.values():
        if s.ok is False:
            slug = schemaform.part_of((re.split(r"[.\[]", s.where, maxsplit=1)[0],))
            bad_sums[slug] = bad_sums.get(slug, 0) + 1
    return {
        "part": part,
        "widgets": widgets,
        "fields": fields,
        "compact": compact,
        "to_check": [f for f in fields if f.mark],
        "errors": field_errors(fields, by_part.get(part, [])),
        "part_problems": by_part.get(part, []),
        "problem_count": len(problems),
        "by_part": {k: len(v) for k, v in by_part.items()},
        "marks_by_part": marks_by_part,
        "bad_sums": bad_sums,
        "sums": sums,
        "valid": report is not None,
    }


def add_routes(app: FastAPI) -> None:
    store = app.state.store

    @app.get("/")
    def start(request: Request, fel: Optional[str] = None):
        reports = []
        for key, doc in store.reports.items():
            report, problems = doc.problems()
            forbund = doc.get(("forbund", "namn"))
            reports.append({"key": key, "name": doc.name, "forbund": forbund if isinstance(forbund, str) else None,
                            "ar": doc.get(("rakenskapsar",)), "fel": len(problems), "markerade": len(doc.marks)})
        return render(request, "start.html", reports=reports, max_mb=MAX_UPLOAD // (1024 * 1024))

    @app.post("/ladda")
    async def upload(request: Request):
        form = await _form(request)
        if not csrf_ok(request, form):
            return _refused()
        files = [f for f in form.getlist("filer") if hasattr(f, "read")]
        added: list[str] = []
        failures: list[tuple[str, list[Problem]]] = []
        summaries: list[str] = []
        for f in files:
            data = await f.read(MAX_UPLOAD + 1)
            name = display_name(f.filename)
            await f.close()
            if len(data) > MAX_UPLOAD:
                failures.append((name, [Problem(name, None, "", f"filen är för stor (högst {MAX_UPLOAD // (1024 * 1024)} MB)")]))
                continue
            if not data:
                failures.append((name, [Problem(name, None, "", "filen är tom")]))
                continue
            kind = kind_of(data)
            try:
                if kind == "yaml":
                    doc = Document.from_text(data.decode("utf-8"), name)
                elif kind in ("pdf", "text"):
                    text, summary = draft(Dropped(name, data), kind, store.temp_dir())
                    doc = Document.from_text(text, name, summary)
                    summaries += summary
                else:
                    raise InputError([Problem(name, None, "", "filen är varken en PDF, en text (UTF-8) eller en rapportfil (YAML)")])
            except InputError as exc:
                failures.append((name, exc.problems))
                continue
            added.append(store.add(doc))
        if not files:
            failures.append(("", [Problem("", None, "", "ingen fil valdes")]))
        if failures:
            return render(request, "upload_failed.html", status=422, failures=failures, added=len(added))
        if len(added) == 1:
            return RedirectResponse(f"/rapport/{added[0]}/{schemaform.PARTS[0][0]}", status_code=303)
        return RedirectResponse("/", status_code=303)

    @app.get("/rapport/{key}")
    def first_part(key: str):
        return RedirectResponse(f"/rapport/{key}/{schemaform.PARTS[0][0]}", status_code=303)

    @app.get("/rapport/{key}/rapportfil.yaml")
    def report_file(key: str):
        doc = store.get(key)
        if doc is None:
            return _gone()
        body, media, name = download(doc, "yaml")
        return _attachment(Response(body, media_type=media), name)

    @app.get("/rapport/{key}/{part}")
    def review(request: Request, key: str, part: str):
        doc = store.get(key)
        if doc is None:
            return _gone()
        if part not in dict(schemaform.parts()):
            return PlainTextResponse("Den delen finns inte.", status_code=404)
        return render(request, "part.html", key=key, doc=doc, parts=schemaform.parts(),
                      title=dict(schemaform.parts())[part], **_part_context(doc, part))

    async def _part_form(request: Request, key: str):
        """A form posted on one part of a report: (form, doc, part), or the response that refuses it."""
        form = await _form(request)
        if not csrf_ok(request, form):
            return _refused()
        doc = store.get(key)
        if doc is None:
            return _gone()
        part = str(form.get("del", ""))
        if part not in dict(schemaform.parts()):
            return PlainTextResponse("Okänd del.", status_code=400)
        return form, doc, part

    @app.post("/rapport/{key}/falt")
    async def edit(request: Request, key: str):
        posted = await _part_form(request, key)
        if isinstance(posted, Response):
            return posted
        form, doc, part = posted
        name = str(form.get("falt", ""))
        with store.lock:
            try:
                path, input_kind = schemaform.parse_name(name)
                if form.get("kontrollerad"):
                    doc.checked(path)
                else:
                    doc.set(path, str(form.get(name, "")), input_kind)
            except KeyError:
                return PlainTextResponse("Okänt fält.", status_code=400)
            context = _part_context(doc, part)
        return render(request, "live.html", key=key, doc=doc, parts=schemaform.parts(), **context)

    @app.post("/rapport/{key}/rad")
    async def rows(request: Request, key: str):
        posted = await _part_form(request, key)
        if isinstance(posted, Response):
            return posted
        form, doc, part = posted
        with store.lock:
            try:
                if form.get("ny"):
                    path = schemaform.new_item(str(form["ny"]))
                    doc.add_item(path)
                else:
                    path = schemaform.new_item(str(form.get("bort", "")).rsplit("/", 1)[0])
                    index = str(form.get("bort", "")).rsplit("/", 1)[-1]
                    if not index.isdigit():
                        raise KeyError(index)
                    doc.remove_item(path + (int(index),))
            except KeyError:
                return PlainTextResponse("Okänd lista.", status_code=400)
        return RedirectResponse(f"/rapport/{key}/{part}", status_code=303)

    @app.post("/rapport/{key}/ta-bort")
    async def forget(request: Request, key: str):
        form = await _form(request)
        if not csrf_ok(request, form):
            return _refused()
        store.remove(key)
        return RedirectResponse("/", status_code=303)

    @app.post("/rapport/{key}/granska")
    async def run_granska(request: Request, key: str):
        form = await _form(request)
        if not csrf_ok(request, form):
            return _refused()
        if store.get(key) is None:
            return _gone()
        return RedirectResponse(f"/granskning/{key}", status_code=303)

    @app.get("/granskning/{key}")
    def granskning(request: Request, key: str):
        doc = store.get(key)
        if doc is None:
            return _gone()
        result = granska(doc)
        if result.problems:
            by_part = part_problems(result.problems)
            return render(request, "not_valid.html", status=422, key=key, doc=doc, by_part=by_part, parts=schemaform.parts())
        return render(request, "granskning.html", key=key, doc=doc, g=result.granskning, formats=result.formats, names=FORMATS)

    @app.get("/granskning/{key}/visa")
    def granskning_view(key: str):
        doc = store.get(key)
        if doc is None:
            return _gone()
        body, media, _ = download(doc, "html")
        return _framed(Response(body, media_type=media))

    @app.get("/granskning/{key}/granskningsrapport.{fmt}")
    def granskning_file(key: str, fmt: str):
        doc = store.get(key)
        if doc is None:
            return _gone()
        try:
            body, media, name = download(doc, fmt)
        except KeyError:
            return PlainTextResponse("Det formatet finns inte.", status_code=404)
        return _attachment(Response(body, media_type=media), name)

    @app.post("/genomlys")
    async def run_genomlys(request: Request):
        form = await _form(request)
        if not csrf_ok(request, form):
            return _refused()
        return RedirectResponse("/genomlysning", status_code=303)

    @app.get("/genomlysning")
    def genomlysning(request: Request):
        run: GenomlysRun = genomlys(store)
        return render(request, "genomlys.html", run=run)

    @app.get("/genomlysning/visa")
    def genomlysning_view():
        run = genomlys(store)
        if run.text is None:
            return PlainTextResponse("Ingen rapport att jämföra.", status_code=404)
        return _framed(Response(run.files["html"], media_type="text/html; charset=utf-8"))

    @app.get("/genomlysning/genomlysning.{fmt}")
    def genomlysning_file(fmt: str):
        run = genomlys(store)
        if run.text is None or fmt not in run.files:
            return PlainTextResponse("Finns inte.", status_code=404)
        media = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "json": "application/json"}[fmt]
        return _attachment(Response(run.files[fmt], media_type=media), f"genomlysning.{fmt}")


def _attachment(response: Response, name: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _framed(response: Response) -> Response:
    # Shown inside the page's frame: the report's own policy (no scripts at all) applies.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
    return response
