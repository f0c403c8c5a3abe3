"""Structured access logs: one JSON object per request, without the query text.

Searches are what researchers are working on; the log keeps which parameters a request used,
not their values, so logs can be kept and shared without leaking anyone's queries.
"""

import json
import os
import re
import sys
import time
import traceback
from typing import Any
from urllib.parse import parse_qsl

from gunicorn import glogging


def access_record(method: str, path: str, query_string: str, status: int, sent: int | None,
                  seconds: float, headers: dict[str, str], agent: str) -> dict[str, Any]:
    """Return the fields logged for one request."""
    return {
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "pid": os.getpid(),
        "method": method,
        "path": path,
        "params": sorted({name for name, _ in parse_qsl(query_string, keep_blank_values=True)}),
        "status": status,
        "bytes": sent,
        "ms": round(seconds * 1000, 1),
        "generation": headers.get("x-index-generation"),
        "agent": agent,
    }


QUERY_RE = re.compile(r"\?[^\s'\"]*")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def escaped(text: str) -> str:
    """Return text safe for one log line: query strings removed (a request line or URL in an
    error message), control characters (newlines included) written as escapes, so that no
    input can add a line of its own."""
    text = QUERY_RE.sub("?[query removed]", text)
    return CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def traceback_text() -> str:
    """Return the current exception's traceback without its message (which may quote the
    request, a query included): the frames and the exception's type only."""
    kind, _, tb = sys.exc_info()
    if kind is None:
        return ""
    frames = "".join(traceback.format_tb(tb))
    return f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}"


class AccessLog(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger, writing access lines as JSON, and error lines escaped and without
    queries (gunicorn quotes request lines and URIs in some of its errors)."""

    def log(self, lvl: Any, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log one error-log line, escaped (see escaped)."""
        text = str(msg) % args if args else str(msg)
        super().log(lvl, "%s", escaped(text))

    def critical(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        self.log("critical", msg, *args)

    def error(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        self.log("error", msg, *args)

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        self.log("warning", msg, *args)

    def info(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        self.log("info", msg, *args)

    def debug(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        self.log("debug", msg, *args)

    def exception(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log an error line, escaped, then the traceback without the exception's message."""
        self.log("error", msg, *args)
        self.error_log.error("%s", traceback_text())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        """Log one finished request."""
        if not self.cfg.accesslog:
            return
        status = str(resp.status).split(None, 1)[0]
        headers = {str(k).lower(): str(v) for k, v in resp.headers}
        record = access_record(
            environ.get("REQUEST_METHOD", "-"), environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""), int(status) if status.isdigit() else 0,
            getattr(resp, "sent", None), request_time.total_seconds(), headers,
            environ.get("HTTP_USER_AGENT", "-"))
        self.access_log.info(json.dumps(record, ensure_ascii=False))
