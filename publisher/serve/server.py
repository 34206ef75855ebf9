"""``publisher serve``: the HTML edition on a local web server, rebuilt as its
sources change.

The server answers from the output folder only: a request path is decoded,
checked segment by segment (no ``..``, no hidden files, no backslashes or
NUL bytes) and resolved, and a file is sent only when its real path is a
regular file inside the output folder (so no symlink leads out of it).

A watcher (watchfiles) follows the documents, the templates and the catalogs.
A changed ``.po`` file rebuilds its locale's pages; a changed document or
template rebuilds every locale.  Each locale is built on its own, so a
broken catalog stops only its own locale: its error (file and line) is shown
at the top of every page the server sends, until a save fixes it.  Pages
sent by the server carry a small script that reloads them once a rebuild has
finished; the files in the output folder are never changed for that.

By default the server builds and serves the proof edition (``proof.py``:
each segment marked with its state and ``.po`` line) into the proof folder
beside the output folder; with ``proof=False`` it serves the published
edition, and each page gets a banner listing the strings it shows in the
source language, with their ``.po`` lines.

``route`` and ``affected_locales`` are pure; ``SiteServer`` and ``Watcher``
are the edges.
"""

from __future__ import annotations

import html
import json
import mimetypes
import socket
import stat
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import unquote, urlsplit

from ..core import outputs
from ..core.errors import ConfigError, PublisherError
from ..core.terminal import printable
from ..sources.config import Settings
from ..sources.lookup import PACKAGE_TEMPLATES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

#: Where the reload script asks for news; no page of a site can live there
#: (locale folders are locale names, and the assets folder is ``assets``).
STATUS_PATH = "/__publisher__/status"

#: Largest file the server sends.
MAX_BYTES = 256 * 1024 * 1024

#: Seconds a connection may stay idle (or send its request slowly) before it
#: is closed, and how many connections are served at once; more wait in the
#: listen queue or are closed.
IDLE_SECONDS = 20
MAX_CONNECTIONS = 32
#: A whole exchange (waiting for the request, reading it, answering it) must
#: end within this many seconds of the connection's opening or its last
#: answer, however slowly the client trickles its bytes in.
REQUEST_SECONDS = 10
#: Connections one client address may hold at once.  A new connection beyond
#: either limit closes the oldest connection still waiting for its request
#: (of that client, or of any), not the new one: slow or idle clients cannot
#: keep a request that is sent at once from being answered.
MAX_PER_CLIENT = 16

#: Host names the preview answers to.  A web page on another site could
#: otherwise read the preview through DNS rebinding (its own name, resolved
#: to 127.0.0.1); the user adds names with --allow-host.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def host_allowed(header: str | None, allowed: Iterable[str] = ()) -> bool:
    """Whether a request's Host header names this computer (or a name the
    user allowed).  A request without one (HTTP/1.0 tools) is answered."""
    if header is None:
        return True
    value = header.strip().lower()
    if value.startswith("["):                      # [::1]:8000
        name = value[1:value.find("]")] if "]" in value else value
    else:
        name = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    name = name.rstrip(".")
    extra = {h.strip().lower().rstrip(".") for h in allowed}
    return name in LOOPBACK_HOSTS or name.endswith(".localhost") or name in extra

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".woff2": "font/woff2", ".pdf": "application/pdf",
                 ".svg": "image/svg+xml", ".json": "application/json",
                 ".txt": "text/plain; charset=utf-8"}

ALL = None   # affected_locales' answer for "every locale"

Say = Callable[[str], None]


# --- requests -> files (pure but for the final resolve) -----------------------

def route(root: Path, target: str) -> Path | None:
    """The file inside ``root`` that the request target names, or None.

    ``/`` and folders mean their ``index.html``.  Refused: ``..`` and ``.``
    segments, hidden names (``.publisher.lock``), backslashes, NUL bytes,
    and anything whose real path is not a regular file inside ``root``.
    """
    path = urlsplit(target).path
    if not path.startswith("/"):
        return None
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\\" in decoded or "\x00" in decoded:
        return None
    segments = [s for s in decoded.split("/") if s != ""]
    if any(s in (".", "..") or s.startswith(".") for s in segments):
        return None
    base = root.resolve()
    candidate = base.joinpath(*segments)
    try:
        if candidate.is_dir():
            candidate = candidate / "index.html"
        real = candidate.resolve(strict=True)
        info = real.stat()
    except (OSError, RuntimeError, ValueError):
        return None
    if real != base and base not in real.parents:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
        return None
    return real


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] \
        or "application/octet-stream"


# --- changed files -> locales to rebuild (pure) -------------------------------

def _inside(path: Path, folder: Path) -> Path | None:
    try:
        return path.relative_to(folder)
    except ValueError:
        return None


def affected_locales(settings: Settings, changed: Iterable[Path],
                     template_folders: Iterable[Path] = ()) -> set[str] | None:
    """The locales whose pages ``changed`` files affect: ``ALL`` (None) for a
    document or a template, the locale of a ``.po`` file, nothing for the rest."""
    locales: set[str] = set()
    folders = [Path(f) for f in template_folders]
    for path in (Path(p) for p in changed):
        if path.suffix == ".md" and _inside(path, settings.documents_dir) is not None:
            return ALL
        if any(_inside(path, folder) is not None for folder in folders) \
                and path.suffix in (".html", ".css"):
            return ALL
        relative = _inside(path, settings.locales_dir)
        if relative is not None and path.suffix == ".po" and len(relative.parts) >= 2:
            if relative.parts[0] in settings.all_locales:
                locales.add(relative.parts[0])
    return locales


# --- the served page's additions (pure) ---------------------------------------

RELOAD_SCRIPT = """<script>
(function () {
  var seen = %(version)d;
  function ask() {
    fetch("%(path)s", {cache: "no-store"}).then(function (r) { return r.json(); })
      .then(function (s) { if (s.version !== seen) { location.reload(); } else { setTimeout(ask, 700); } })
      .catch(function () { setTimeout(ask, 2000); });
  }
  setTimeout(ask, 700);
})();
</script>"""

NOTES = ('<div role="status" lang="en" dir="ltr" style="all: initial; display: block; '
         'box-sizing: border-box; padding: .75rem 1rem; margin: 0; background: #fff8e1; '
         'color: #3d2c00; border-block-end: 3px solid #8a5a00; font: 14px/1.5 monospace; '
         'white-space: pre-wrap; overflow-wrap: anywhere;">'
         '<strong style="font-weight: bold;">publisher: %d string(s) of this page are shown in '
         'the source language; edit these lines:</strong>\n%s</div>')


def page_key(root: Path, path: Path) -> tuple[str, str] | None:
    """(locale, document) of a page of the site (``de/report.html``, and the
    page of its bilingual edition), as core.outputs reads it; ``index`` for a
    locale's list."""
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        return None
    what = outputs.parse(relative)
    if what is None or what.locale is None or what.kind not in ("html", "bilingual-html", "index"):
        return None
    return what.locale, what.document or "index"


BANNER = ('<div role="alert" lang="en" dir="ltr" style="all: initial; display: block; '
          'box-sizing: border-box; padding: 1rem; margin: 0; background: #fff3f0; '
          'color: #5c0b00; border-block-end: 3px solid #b3261e; font: 15px/1.5 monospace; '
          'white-space: pre-wrap; overflow-wrap: anywhere;">'
          '<strong style="font-weight: bold;">publisher: the last rebuild failed; '
          'these pages may be out of date.</strong>\n%s</div>')


def annotate(page: bytes, version: int, errors: list[str], notes: list[str] = ()) -> bytes:
    """A page as the server sends it: the reload script, the build errors
    (as text) at the top of its body, and the page's strings shown in the
    source language with their .po lines."""
    text = page.decode("utf-8", errors="replace")
    additions = RELOAD_SCRIPT % {"version": version, "path": STATUS_PATH}
    if notes:
        additions = NOTES % (len(notes), html.escape("\n".join(notes))) + additions
    if errors:
        additions = BANNER % html.escape("\n\n".join(errors)) + additions
    lower = text.lower()
    at = lower.find("<body")
    at = lower.find(">", at) + 1 if at >= 0 else 0
    return (text[:at] + additions + text[at:]).encode("utf-8")


def error_page(version: int, errors: list[str], status: str) -> bytes:
    page = ("<!DOCTYPE html><html lang=\"en\" dir=\"ltr\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(status)}</title></head><body>"
            f"<p style=\"font: 16px/1.5 sans-serif; margin: 1rem;\">{html.escape(status)}</p>"
            "</body></html>")
    return annotate(page.encode("utf-8"), version, errors)


# --- the state of the site ----------------------------------------------------

@dataclass
class SiteState:
    """What the last builds left: a version that grows with each rebuild, and
    the error of each locale whose last build failed."""

    version: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    # locale -> domain -> the strings shown in the source language, with their .po lines
    fallbacks: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def page_notes(self, locale: str, domain: str) -> list[str]:
        with self.lock:
            found = self.fallbacks.get(locale, {})
            return list(found.get(domain, ()))

    def snapshot(self) -> tuple[int, list[str]]:
        with self.lock:
            return self.version, [self.errors[k] for k in sorted(self.errors)]


class Site:
    """The project, its output folder, and the builds that keep it current."""

    def __init__(self, settings: Settings, output: Path | None = None,
                 say: Say | None = None, proof: bool = False) -> None:
        from ..render.proof import proof_folder

        self.settings = settings
        self.proof = proof
        # proof pages go beside the output folder, never into it (as for build)
        self.requested = output
        self.output = (proof_folder(output or settings.output_dir) if proof
                       else output or settings.output_dir).resolve()
        self.say = say or (lambda message: None)
        self.state = SiteState()
        self._building = threading.Lock()

    def template_folders(self) -> list[Path]:
        return [self.settings.templates_dir, PACKAGE_TEMPLATES]

    def watched_folders(self) -> list[Path]:
        folders = [self.settings.documents_dir, self.settings.locales_dir,
                   *self.template_folders()]
        return [f for f in dict.fromkeys(folders) if f.is_dir()]

    def rebuild(self, locales: Iterable[str] | None = ALL) -> None:
        """Build the HTML of ``locales`` (every locale for ALL), one locale at
        a time, retrying the locales whose last build failed."""
        from ..build.pipeline import build

        with self._building:
            with self.state.lock:
                failed = set(self.state.errors)
            wanted = set(self.settings.all_locales if locales is ALL else locales) | failed
            order = [name for name in self.settings.all_locales if name in wanted]
            errors: dict[str, str] = {}
            fallbacks: dict[str, dict[str, list[str]]] = {}
            for locale in order:
                try:
                    report = build(self.settings, [locale], ("html",), self.requested,
                                   proof=self.proof)
                    fallbacks[locale] = report.fallbacks.get(locale, {})
                    if locale in report.failed:
                        errors[locale] = str(report.failed[locale])
                    elif report.failed_documents:   # the others were built; say which was not
                        errors[locale] = "; ".join(f"not built: {error}"
                                                   for error in report.failed_documents)
                except PublisherError as error:
                    errors[locale] = str(error)
                except Exception as error:  # a bug: keep serving, and say where it happened
                    frame = traceback.extract_tb(error.__traceback__)[-1]
                    errors[locale] = (f"{frame.filename}:{frame.lineno}: "
                                      + "".join(traceback.format_exception_only(error)).strip())
                    self.say("".join(traceback.format_exception(error)).rstrip())
            with self.state.lock:
                for locale in order:
                    self.state.errors.pop(locale, None)
                self.state.errors.update(errors)
                self.state.fallbacks.update(fallbacks)
                self.state.version += 1
            for locale in order:
                if locale in errors:
                    self.say(f"{locale}: build failed: {errors[locale]}")
            built = []
            for name in order:
                if name in errors:
                    continue
                count = sum(len(lines) for lines in fallbacks.get(name, {}).values())
                built.append(f"{name} ({count} string{'s' if count != 1 else ''} shown in the "
                             "source language)" if count else name)
            if built:
                self.say("rebuilt " + ", ".join(built))

    def changed(self, paths: Iterable[Path]) -> None:
        """React to changed source files."""
        paths = list(paths)
        affected = affected_locales(self.settings, paths, self.template_folders())
        if affected is ALL or affected:
            self.rebuild(affected)


# --- HTTP ---------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    server: "SiteServer"
    server_version = "publisher"
    sys_version = ""
    timeout = IDLE_SECONDS      # idle or slow connections are closed

    def do_GET(self) -> None:  # noqa: N802
        self.server.answering(self.connection)
        if self._host_ok(True):
            self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.server.answering(self.connection)
        if self._host_ok(False):
            self._answer(send_body=False)

    def handle_one_request(self) -> None:
        super().handle_one_request()
        self.server.answered(self.connection)    # waiting for the next request: a new deadline

    def _host_ok(self, send_body: bool) -> bool:
        if host_allowed(self.headers.get("Host"), self.server.allowed_hosts):
            return True
        body = (b"This preview answers only to localhost, 127.0.0.1 and [::1] "
                b"(publisher serve --allow-host NAME adds a name).\n")
        self._send(421, body, CONTENT_TYPES[".txt"], send_body)
        return False

    def _send(self, code: int, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _answer(self, send_body: bool) -> None:
        site = self.server.site
        version, errors = site.state.snapshot()
        if urlsplit(self.path).path == STATUS_PATH:
            body = json.dumps({"version": version, "errors": errors}).encode("utf-8")
            self._send(200, body, "application/json", send_body)
            return
        path = route(site.output, self.path)
        if path is None:
            self._send(404, error_page(version, errors, "404: no such page in the site"),
                       CONTENT_TYPES[".html"], send_body)
            return
        try:
            body = path.read_bytes()
        except OSError:
            self._send(404, error_page(version, errors, "404: no such page in the site"),
                       CONTENT_TYPES[".html"], send_body)
            return
        kind = content_type(path)
        if path.suffix == ".html":
            key = page_key(site.output, path)
            notes = []
            if key is not None and not site.proof:   # proof pages list them in their summary
                notes = site.state.page_notes(key[0], key[1]) + \
                    site.state.page_notes(key[0], site.settings.templates_domain)
            body = annotate(body, version, errors, notes)
        self._send(200, body, kind, send_body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if self.server.log_requests:
            self.server.site.say("http: " + printable(format % args))

    def log_error(self, format: str, *args) -> None:  # noqa: A002
        # Malformed requests are logged too: their text is the client's.
        self.server.site.say("http: " + printable(format % args))


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: Site, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 log_requests: bool = False, allowed_hosts: Iterable[str] = ()) -> None:
        self.site = site
        self.log_requests = log_requests
        # The address it listens on is allowed too, unless it is every address.
        self.allowed_hosts = tuple(allowed_hosts) + (
            (host,) if host not in ("", "0.0.0.0", "::") else ())
        # each open connection: [client address, when its deadline started, answering?]
        self._open: dict[socket.socket, list] = {}
        self._lock = threading.Lock()
        try:
            super().__init__((host, port), Handler)
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                              hint="choose another port with --port, or stop the program "
                                   "using this one") from None

    def process_request(self, request, client_address) -> None:
        client = client_address[0] if isinstance(client_address, tuple) else client_address
        with self._lock:
            self._expire()
            own = [s for s, (c, _, _) in self._open.items() if c == client]
            if len(own) >= MAX_PER_CLIENT and not self._evict(own):
                self.shutdown_request(request)     # every one of them is being answered
                return
            if len(self._open) >= MAX_CONNECTIONS and not self._evict(list(self._open)):
                self.shutdown_request(request)
                return
            self._open[request] = [client, time.monotonic(), False]
        try:
            super().process_request(request, client_address)
        except BaseException:
            with self._lock:
                self._open.pop(request, None)
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._lock:
                self._open.pop(request, None)

    def answering(self, connection) -> None:
        with self._lock:
            if connection in self._open:
                self._open[connection][2] = True

    def answered(self, connection) -> None:
        with self._lock:
            if connection in self._open:
                self._open[connection][1:] = [time.monotonic(), False]

    def _evict(self, candidates: list) -> bool:
        """Close the oldest of ``candidates`` still waiting for its request."""
        waiting = [s for s in candidates if s in self._open and not self._open[s][2]]
        if not waiting:
            return False
        oldest = min(waiting, key=lambda s: self._open[s][1])
        self._close(oldest)
        return True

    def _close(self, connection) -> None:
        self._open.pop(connection, None)
        try:
            connection.shutdown(socket.SHUT_RDWR)    # its thread's read or write ends now
        except OSError:
            pass

    def _expire(self) -> None:
        """Close the connections past their whole-exchange deadline."""
        now = time.monotonic()
        for connection, (_, since, _) in list(self._open.items()):
            if now - since > REQUEST_SECONDS:
                self._close(connection)

    def handle_error(self, request, client_address) -> None:
        import sys

        if isinstance(sys.exc_info()[1], OSError):   # a client gone, or closed by us: no news
            return
        super().handle_error(request, client_address)

    def service_actions(self) -> None:   # between polls of serve_forever
        super().service_actions()
        with self._lock:
            self._expire()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"


# --- watching -----------------------------------------------------------------

class Watcher(threading.Thread):
    """Watch the project's sources and rebuild what they affect."""

    SUFFIXES = (".md", ".po", ".html", ".css")

    def __init__(self, site: Site, debounce_ms: int = 200) -> None:
        super().__init__(name="publisher-watch", daemon=True)
        self.site = site
        self.debounce_ms = debounce_ms
        self.stop_event = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        from watchfiles import DefaultFilter, watch

        default = DefaultFilter()

        def wanted(change, path: str) -> bool:
            return path.endswith(self.SUFFIXES) and default(change, path)

        folders = self.site.watched_folders()
        if not folders:
            self.ready.set()
            return
        try:
            for changes in watch(*folders, watch_filter=wanted, debounce=self.debounce_ms,
                                 step=50, stop_event=self.stop_event, raise_interrupt=False,
                                 yield_on_timeout=True, rust_timeout=500):
                self.ready.set()
                if changes:
                    self.site.changed(Path(path) for _, path in sorted(changes))
        except (OSError, RuntimeError) as error:  # the folders went away, or the system refused
            shown = ", ".join(str(f) for f in folders)
            self.site.say(f"{shown}: stopped watching for changes: {error}")
        finally:
            self.ready.set()

    def stop(self) -> None:
        self.stop_event.set()


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          output: Path | None = None, say: Say | None = None,
          log_requests: bool = False, allowed_hosts: Iterable[str] = (),
          proof: bool = True) -> None:
    """Build the HTML edition (the proof edition unless ``proof`` is False),
    serve it, and rebuild on changes until interrupted."""
    shown = say or (lambda message: None)

    def say(message: str) -> None:   # build errors quote translations: escape them
        shown(printable(message, keep_newlines=True))

    site = Site(settings, output, say, proof=proof)
    server = SiteServer(site, host, port, log_requests, allowed_hosts)
    try:
        say("building the HTML pages ...")
        site.rebuild(ALL)
        watcher = Watcher(site)
        watcher.start()
        say(f"serving {settings.relative(site.output)} at {server.url} (Ctrl+C stops)")
        try:
            server.serve_forever(poll_interval=0.5)
        finally:
            watcher.stop()
    finally:
        server.server_close()
