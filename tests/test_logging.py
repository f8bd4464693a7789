"""A server error leaves one parseable log record, whatever DEBUG says."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from factbase.logformat import JSONFormatter


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("the view broke")


urlpatterns = [path("broken/", broken_view)]


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the settings' stderr handler writes, captured."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JSONFormatter)
    )
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.test_logging", DEBUG=False)
def test_a_server_error_writes_one_json_record(server_log: io.StringIO) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_user("ops"))

    response = client.get("/broken/")

    assert response.status_code == 500
    lines = server_log.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "ERROR"
    assert record["logger"] == "django.request"
    assert (record["method"], record["path"], record["status"]) == ("GET", "/broken/", 500)
    assert record["user"] == "ops"
    assert "RuntimeError: the view broke" in record["exception"]
