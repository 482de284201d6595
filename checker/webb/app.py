"""The web page's application: security around every request, then the routes.

FastAPI (on Starlette) because it is the well-kept, typed way to serve a few
routes with a test client in-process; Jinja2 templates with autoescaping
everywhere; htmx for validating as the user types, served from the django-htmx
package's copy (no CDN: the page works offline, and no JavaScript is kept in
this repository).
"""

from __future__ import annotations

import json
import secrets
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from .store import Store
from .upload import MAX_UPLOAD

ALLOWED_HOSTS = ("localhost", "127.0.0.1")
# The request as a whole may carry a little more than the file: the form's other fields.
MAX_REQUEST = MAX_UPLOAD + 64 * 1024

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; connect-src 'self'"
)


def host_allowed(host: str) -> bool:
    name = host.strip().lower()
    if name.startswith("["):
        return False  # the server listens on 127.0.0.1 only
    name = name.rsplit(":", 1)[0] if ":" in name else name
    return name in ALLOWED_HOSTS


class Guard:
    """ASGI middleware: refuse a foreign Host (DNS rebinding) and any body over the cap, before any parsing."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if not host_allowed(headers.get("host", "")):
            return await _plain(send, 400, "Fel värdnamn: sidan nås bara som http://127.0.0.1 eller http://localhost.")
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > MAX_REQUEST):
            return await _plain(send, 413, f"Filen är för stor: högst {MAX_UPLOAD // (1024 * 1024)} MB.")
        seen = 0
        started = False

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > MAX_REQUEST:
                    raise _TooLarge()
            return message

        async def tracked(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await _plain(send, 413, f"Filen är för stor: högst {MAX_UPLOAD // (1024 * 1024)} MB.")


class _TooLarge(Exception):
    pass


async def _plain(send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("checker.webb", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from .. import format as fmt

    env.filters["heltal"] = fmt.heltal
    env.filters["tojson_attr"] = lambda v: json.dumps(v, ensure_ascii=False)
    return env


def htmx_script() -> bytes:
    """htmx 2 as the django-htmx package ships it (read from the installed package, not copied here)."""
    base = resources.files("django_htmx") / "static" / "django_htmx"
    for name in ("htmx-2.min.js", "htmx.min.js"):
        candidate = base / name
        if candidate.is_file():
            return candidate.read_bytes()
    raise FileNotFoundError("htmx saknas i paketet django-htmx")


def create_app(store: Optional[Store] = None) -> FastAPI:
    store = store or Store()

    @asynccontextmanager
    async def lifespan(app):
        try:
            yield
        finally:
            store.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.env = templates()
    static = Path(__file__).with_name("static")
    htmx = htmx_script()

    @app.middleware("http")
    async def headers(request: Request, call_next):
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin and not host_allowed(origin.split("://", 1)[-1]):
                return PlainTextResponse("Begäran kom från en annan webbplats och avvisades.", status_code=403)
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # no-referrer would make the browser send "Origin: null" on our own forms
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/static/htmx.min.js")
    def htmx_js() -> Response:
        return Response(htmx, media_type="text/javascript")

    @app.get("/static/{name}")
    def static_file(name: str) -> Response:
        files = {"webb.css": "text/css", "webb.js": "text/javascript"}
        if name not in files:
            return PlainTextResponse("Finns inte.", status_code=404)
        return Response((static / name).read_bytes(), media_type=files[name])

    from .routes import add_routes

    add_routes(app)
    app.add_middleware(Guard)
    return app


def csrf_ok(request: Request, form) -> bool:
    token = request.headers.get("x-csrf-token") or (form.get("csrf") if form is not None else None) or ""
    return isinstance(token, str) and secrets.compare_digest(token, request.app.state.store.csrf)


def render(request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
    env: Environment = request.app.state.env
    html = env.get_template(template).render(csrf=request.app.state.store.csrf, **values)
    return HTMLResponse(html, status_code=status)
