"""`finsam webb`: start the page on 127.0.0.1 and open it in the browser (its options are declared in cli.py)."""

from __future__ import annotations

import argparse
import socket
import sys
import threading
import webbrowser

from .. import exitcodes


def _missing() -> str | None:
    for module in ("fastapi", "uvicorn", "jinja2", "multipart", "django_htmx"):
        try:
            __import__(module)
        except ImportError:
            return module
    return None


def run(args: argparse.Namespace) -> int:
    missing = _missing()
    if missing:
        print(f"finsam webb: paketet '{missing}' saknas; installera webbsidans tillägg: pip install 'finsam-granskning[webb]'",
              file=sys.stderr)
        return exitcodes.INPUT
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A port just left by an earlier run (TIME_WAIT) can be taken again; two listeners still cannot share it.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", args.port))
    except OSError as exc:
        sock.close()
        print(f"finsam webb: port {args.port} går inte att använda ({exc.strerror}); välj en annan med --port", file=sys.stderr)
        return exitcodes.INPUT
    port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    import uvicorn

    from .app import create_app

    config = uvicorn.Config(create_app(), log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    print(f"finsam webb: sidan finns på {url} – avsluta med Ctrl-C", file=sys.stderr, flush=True)
    if not args.ingen_webblasare:
        threading.Timer(0.5, lambda: webbrowser.open(url)).start()
    try:
        # uvicorn stops on Ctrl-C (SIGINT) and SIGTERM, runs the app's shutdown (every report and temporary
        # file gone), then raises the signal again for the default handler: that is the normal end here.
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print("finsam webb: stängd; inget sparat", file=sys.stderr)
    return exitcodes.OK
