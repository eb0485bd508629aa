"""The `kg serve` application: settings, safety (headers, token, CSRF), language, errors.

The pages themselves are in :mod:`kg.web.pages`; this module builds the FastAPI app
around them.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from kg import __version__
from kg.errors import KgError
from kg.i18n import LANGS, resolve_lang
from kg.web import warm as warm_up

HERE = Path(__file__).resolve().parent
LANG_COOKIE = "kg_lang"
SESSION_COOKIE = "kg_session"
CSRF_COOKIE = "kg_csrf"
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")

# A strict policy: scripts and styles only from this server (no inline script, no inline
# style, no eval), nothing may frame the pages, forms post only here.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: addresses only this machine reaches."""
    h = host.strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


@dataclass
class Settings:
    """How one server runs. ``token`` comes from ``KG_SERVE_TOKEN`` (the environment only)."""

    data: Path
    read_only: bool = False
    sparql: bool = True
    token: str | None = None
    host: str = "127.0.0.1"
    default_lang: str = "nb"
    csrf_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    @property
    def writes_enabled(self) -> bool:
        return not self.read_only and bool(self.token)

    def session_value(self) -> str:
        """What the session cookie holds: a keyed digest of the token, never the token."""
        assert self.token
        return hmac.new(self.token.encode("utf-8"), b"kg-serve-session", hashlib.sha256).hexdigest()

    def csrf_for(self, cookie: str) -> str:
        return hmac.new(self.csrf_key, cookie.encode("ascii", "replace"), hashlib.sha256).hexdigest()


class WebError(Exception):
    """A refused request: HTTP status and a message in both languages."""

    def __init__(self, status: int, en: str, nb: str):
        super().__init__(en)
        self.status, self.en, self.nb = status, en, nb

    def message(self, lang: str) -> str:
        return self.nb if lang == "nb" else self.en


# --------------------------------------------------------------------------- helpers

def lang_of(request: Request) -> str:
    return getattr(request.state, "lang", None) or "nb"


def t(request: Request, nb: str, en: str) -> str:
    return nb if lang_of(request) == "nb" else en


def url_with(request: Request, **changes) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for k, v in changes.items():
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            items += [(k, x) for x in v]
        else:
            items.append((k, v))
    q = urlencode(items)
    return request.url.path + ("?" + q if q else "")


def authenticated(request: Request, settings: Settings) -> str | None:
    """How the request proves it may write: "bearer", "session" or None."""
    if not settings.token:
        return None
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
        return "bearer" if hmac.compare_digest(given.encode("utf-8"), settings.token.encode("utf-8")) else None
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if cookie and hmac.compare_digest(cookie.encode("utf-8", "replace"), settings.session_value().encode("ascii")):
        return "session"
    return None


def check_csrf(request: Request, settings: Settings, form_token: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not cookie or not form_token or not hmac.compare_digest(
            settings.csrf_for(cookie).encode("ascii"), str(form_token).encode("utf-8", "replace")):
        raise WebError(403, "The form's security token (CSRF) is missing or wrong; reload the page and try again.",
                       "Skjemaets sikkerhetsnøkkel (CSRF) mangler eller er feil; last siden på nytt og prøv igjen.")


def require_write(request: Request, settings: Settings, form_token: str | None = None) -> None:
    """Refuse a write unless writes are on and the request carries the token (a bearer
    header, or the session cookie plus the form's CSRF token). Raises WebError."""
    if settings.read_only:
        raise WebError(403, "This server is read-only (kg serve --read-only); nothing was changed.",
                       "Denne tjeneren er skrivebeskyttet (kg serve --read-only); ingenting ble endret.")
    if not settings.token:
        raise WebError(403, "Writing needs KG_SERVE_TOKEN set in the environment when kg serve starts; "
                            "nothing was changed.",
                       "Skriving krever at KG_SERVE_TOKEN er satt i miljøet når kg serve starter; "
                       "ingenting ble endret.")
    how = authenticated(request, settings)
    if how is None:
        raise WebError(401, "Log in first (or send 'Authorization: Bearer <token>'); nothing was changed.",
                       "Logg inn først (eller send «Authorization: Bearer <nøkkel>»); ingenting ble endret.")
    if how == "session":
        check_csrf(request, settings, form_token)


# --------------------------------------------------------------------------- the app

def create_app(data=None, *, read_only: bool = False, sparql: bool = True, token: str | None = None,
               host: str = "127.0.0.1", default_lang: str | None = None) -> FastAPI:
    """The application over the workspace ``data`` (a folder; default as the CLI's)."""
    from kg.store.workspace import default_path
    settings = Settings(data=default_path(data), read_only=read_only, sparql=sparql, token=token or None,
                        host=host, default_lang=resolve_lang(default_lang))
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        # the first request is answerable now; the indexes and the check are built behind it
        warm_up.start(settings.data)
        yield

    app = FastAPI(title="kg serve", version=__version__, openapi_url="/api/openapi.json", lifespan=lifespan,
                  docs_url=None, redoc_url=None,
                  description="The roadmap in the browser: every page's JSON twin. "
                              "Veikartet i nettleseren: JSON-tvillingen til hver side.")
    app.state.settings = settings
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.autoescape = True  # every label is text, whatever the file says
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    allowed_hosts = {"localhost", "127.0.0.1", "::1", host.strip("[]")}

    @app.middleware("http")
    async def _frame(request: Request, call_next):
        t0 = time.perf_counter()
        # DNS rebinding: a page elsewhere must not reach a loopback server by a name of its own
        raw = request.headers.get("host") or ""
        hostname = raw[1:raw.find("]")] if raw.startswith("[") else raw.rsplit(":", 1)[0]
        if is_loopback(host) and hostname and hostname not in allowed_hosts:
            resp = JSONResponse({"error": f"Host '{hostname}' is not served here."}, status_code=400)
        else:
            q = request.query_params.get("lang")
            chosen = q if q in LANGS else None
            cookie = request.cookies.get(LANG_COOKIE)
            request.state.lang = chosen or (cookie if cookie in LANGS else None) or settings.default_lang
            resp = await call_next(request)
            if chosen and chosen != cookie:
                resp.set_cookie(LANG_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="strict", httponly=True)
            new_csrf = getattr(request.state, "csrf_cookie", None)
            if new_csrf:
                resp.set_cookie(CSRF_COOKIE, new_csrf, samesite="strict", httponly=True)
        h = resp.headers
        h["Content-Security-Policy"] = CSP
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "no-referrer"
        h.setdefault("Cache-Control", "no-store")
        h["Server-Timing"] = f"app;dur={(time.perf_counter() - t0) * 1000:.1f}"  # what the bench reads
        warm_up.first_answer.set()  # the warm-up may start now
        return resp

    @app.exception_handler(KgError)
    async def _kg_error(request: Request, e: KgError):
        status = 404 if e.exit_code == 1 else 400
        return error_response(request, status, e.message(lang_of(request)),
                              suggestions=getattr(e, "suggestions", None))

    @app.exception_handler(WebError)
    async def _web_error(request: Request, e: WebError):
        return error_response(request, e.status, e.message(lang_of(request)))

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, e: HTTPException):
        msg = {404: t(request, "Siden finnes ikke.", "No such page."),
               405: t(request, "Metoden er ikke tillatt her.", "Method not allowed here.")}.get(e.status_code, str(e.detail))
        return error_response(request, e.status_code, msg)

    from starlette.exceptions import HTTPException as StarletteHTTPException
    app.add_exception_handler(StarletteHTTPException, _http_error)

    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def _bad_params(request: Request, e: RequestValidationError):
        parts = []
        for err in e.errors():
            loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{loc}: {err.get('msg')}")
        return error_response(request, 400, t(request, "Ugyldig forespørsel: ", "Bad request: ") + "; ".join(parts))

    from kg.web import pages
    pages.register(app)
    from kg.web import lens_pages
    lens_pages.register(app)
    return app


def error_response(request: Request, status: int, message: str, suggestions=None):
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status, "suggestions": suggestions or []},
                            status_code=status)
    return render(request, "error.html", {"status": status, "message": message,
                                          "suggestions": suggestions or []}, status=status)


def csrf_token(request: Request) -> str:
    """The token every form posts back; its cookie is set with this response if new."""
    settings: Settings = request.app.state.settings
    cookie = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "csrf_cookie", None)
    if not cookie:
        cookie = secrets.token_hex(16)
        request.state.csrf_cookie = cookie
    return settings.csrf_for(cookie)


NAV = [("/", "Oversikt", "Overview"), ("/search", "Søk", "Search"), ("/gaps", "Gap", "Gaps"),
       ("/timeline", "Tidslinje", "Timeline"), ("/board", "Tavle", "Board"),
       ("/target-picture", "Målbilde", "Target picture"), ("/map", "Kart", "Map"),
       ("/impact", "Hva om", "What-if"),
       ("/vendors", "Leverandører", "Vendors"), ("/sustainability", "Bærekraft", "Sustainability"),
       ("/scenarios", "Scenarioer", "Scenarios"), ("/diff", "Endringer", "Changes"),
       ("/import", "Import", "Import"), ("/sparql", "SPARQL", "SPARQL")]


def render(request: Request, template: str, ctx: dict, status: int = 200) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    lang = lang_of(request)
    other = "en" if lang == "nb" else "nb"
    nav = [(p, nb if lang == "nb" else en) for p, nb, en in NAV if p != "/sparql" or settings.sparql]
    base = {"request": request, "lang": lang, "t": lambda nb, en: nb if lang == "nb" else en,
            "other_lang": other, "lang_url": url_with(request, lang=other),
            "url_with": lambda **kw: url_with(request, **kw), "nav": nav, "path": request.url.path,
            "settings": settings, "logged_in": authenticated(request, settings) is not None,
            "csrf": csrf_token(request), "api_url": api_twin(request), "version": __version__}
    base.update(ctx)
    return request.app.state.templates.TemplateResponse(request, template, base, status_code=status)


def api_twin(request: Request) -> str | None:
    path = request.url.path
    if path.startswith(("/api/", "/static/", "/download/", "/login", "/logout", "/import")) or \
            (path == "/impact" and "change=" not in request.url.query):
        return None
    twin = "/api" + (path if path != "/" else "/overview")
    q = request.url.query
    return twin + ("?" + q if q else "")


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(url: str | None) -> str:
    """Only a path on this server (no scheme, no //host) is followed after a login."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url
