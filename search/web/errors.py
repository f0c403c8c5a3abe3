"""One error type carrying an HTTP status, and one handler: JSON for the API, pages otherwise."""

from dataclasses import asdict
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from search.store.generations import IndexUnavailable
from search.web.logs import escaped, traceback_text

TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    410: "Gone",
    500: "Something went wrong",
    503: "Search is unavailable",
}
MESSAGES = {
    404: "There is nothing at this address.",
    500: "The server failed to answer this request. Please try again later.",
}


class WebError(Exception):
    """A request the site answers with an error status and a message for the user."""

    def __init__(self, status: int, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail


def wants_json() -> bool:
    """Say whether this request is answered in JSON (the API, JSON exports, the health check)."""
    path = request.path
    return path.startswith("/api/") or path == "/healthz" or path.endswith(".json")


def error_response(status: int, message: str, **detail: Any) -> ResponseReturnValue:
    """Answer with the error as JSON or as a page in the site's style."""
    if wants_json():
        body: dict[str, Any] = {"status": status, "message": message}
        if detail.get("gone") is not None:
            body["article"] = asdict(detail["gone"])  # slug, title, outlet, authors, date
        return jsonify({"error": body}), status
    title = TITLES.get(status, "Error")
    if request_ctx.url_adapter is None:  # no usable Host: no URL can be built for a page
        return Response(f"{status} {title}: {message}\n", status, mimetype="text/plain")
    return render_template("error.html", status=status, title=title, message=message,
                           **detail), status


def _web_error(exc: WebError) -> ResponseReturnValue:
    return error_response(exc.status, exc.message, **exc.detail)


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    status = exc.code or 500
    answer = current_app.make_response(
        error_response(status, MESSAGES.get(status) or exc.description or ""))
    for name, value in exc.get_headers():  # Allow on a 405, for one
        if name.lower() != "content-type":
            answer.headers[name] = value
    return answer


def _unavailable(exc: IndexUnavailable) -> ResponseReturnValue:
    current_app.logger.error("index unavailable: %s", exc)
    return error_response(503, "The search index is not available right now. "
                               "Please try again later.")


def _unexpected(exc: Exception) -> ResponseReturnValue:
    current_app.logger.error("unhandled error on %s\n%s", escaped(request.path), traceback_text())
    return error_response(500, MESSAGES[500])


def init_app(app: Flask) -> None:
    """Register the one error handler for every kind of failure."""
    app.register_error_handler(WebError, _web_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(IndexUnavailable, _unavailable)
    app.register_error_handler(Exception, _unexpected)
