"""Structured access logs: one JSON object per request, without the query text.

Searches are what researchers are working on; the log keeps which parameters a request used,
not their values, so logs can be kept and shared without leaking anyone's queries.
"""

import json
import os
import time
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


class AccessLog(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger, writing access lines as JSON."""

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
