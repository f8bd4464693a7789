"""Log records as one JSON object per line, for whatever collects the server's stderr."""

import json
import logging
from datetime import UTC, datetime
from typing import Any


class JSONFormatter(logging.Formatter):
    """time, level, logger, message; for a request also method, path, status and user;
    the traceback, if any, as one string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None:
            entry["method"] = getattr(request, "method", None)
            entry["path"] = getattr(request, "path", None)
            entry["user"] = _username(request)
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def _username(request: Any) -> str | None:
    """Who made the request. Finding out may need the database: if that is what broke,
    the line is still written, without the user."""
    try:
        user = request.user
        return str(user.get_username()) if user.is_authenticated else None
    except Exception:
        return None
