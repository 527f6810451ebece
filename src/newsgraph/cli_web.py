"""The `serve` command: the JSON API and the web UI over a store, in one uvicorn process."""

from __future__ import annotations

import socket
import sys

from .errors import InputError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _check_port(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise InputError(f"--port {port}: use a port from 1 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InputError(f"--host {host}: not an address of this machine") from None
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(addr)
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port} ({exc.strerror}); pick another --port") from None


def cmd_serve(args) -> int:
    import uvicorn

    from .api import create_app

    _check_port(args.host, args.port)
    app = create_app(args.db)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"newsgraph: serving {args.db} at http://{host}:{args.port}/ (API docs at /docs; Ctrl-C stops)", flush=True)
    if args.host not in LOOPBACK:
        print(
            f"newsgraph: warning: listening on {args.host}: anyone who can reach it can read the store", file=sys.stderr
        )
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, access_log=args.log_level == "info")
    return 0


def add_web_commands(sub) -> None:
    s = sub.add_parser(
        "serve",
        help="serve the web UI and the JSON API over a store",
        description="Serve the web UI and the JSON API (OpenAPI at /docs) over a store, read-only. It keeps "
        "answering while an ingest writes to the store (pages say the store is busy until it has finished). "
        "Example: newsgraph serve --db corpus.duckdb --port 8000",
    )
    s.add_argument("--db", default="newsgraph.duckdb", help="the store file (default: newsgraph.duckdb)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument(
        "--log-level", choices=["warning", "info", "debug"], default="warning", help="server log (info: every request)"
    )
    s.set_defaults(func=cmd_serve)
