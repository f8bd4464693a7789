"""Two importers at once on PostgreSQL: no duplicates, no crash."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from claims.models import Quote, Speaker
from sources.models import Article, ImportRun, Outlet

ROOT = Path(__file__).resolve().parents[2]
SPEAKERS = ["Daniel Pinkston", "Kim Sung Kyung", "Maria Gonzalez", "Ana Ruiz", "Bo Chen"]
# "…, the ministry said": a speaker known only by its description, as in a direct quote's frame.
DESCRIBED = ["ministry"]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
    ),
]


def write_corpus(directory: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        first, second = SPEAKERS[i % 5], SPEAKERS[(i * 3 + 1) % 5]
        path = directory / f"story-{i:03}.jsonl"
        body = (
            f"Exports rose {i} percent in 2023, the ministry said on Monday.\n\n"
            f"“The figures for month {i} are strong,” said {first}, a professor at Example "
            f"University.\n\n“We expect more in {2024 + i},” said {second}, an analyst."
        )
        record = {"title": f"Story {i}", "outlet": "Shared Outlet", "body": body}
        path.write_text(json.dumps(record) + "\n")
        paths.append(str(path))
    return paths


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def test_parallel_workers_import_every_file_once(tmp_path: Path) -> None:
    write_corpus(tmp_path, 60)
    out = StringIO()
    call_command("import_articles", str(tmp_path), "--workers", "2", "--json", stdout=out)

    summary = json.loads(out.getvalue())
    assert (summary["created"], summary["failed"]) == (60, 0)
    assert summary["quotes_added"] == Quote.objects.count() >= 120
    assert Article.objects.count() == 60
    assert sorted(Speaker.objects.values_list("name", flat=True)) == sorted(SPEAKERS + DESCRIBED)
    assert ImportRun.objects.get().created == 60


def test_overlapping_imports_create_no_duplicates(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path, 40)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "concurrency-test",
        "FACTBASE_SITE_URL": "https://factbase.example.org",
    }
    command = [sys.executable, "manage.py", "import_articles", "--quiet"]
    processes = [
        subprocess.Popen(
            [*command, *order],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for order in (paths, list(reversed(paths)))
    ]
    outputs = [process.communicate(timeout=300) for process in processes]

    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, out + err
    assert Article.objects.count() == 40
    assert Outlet.objects.count() == 1
    assert sorted(Speaker.objects.values_list("name", flat=True)) == sorted(SPEAKERS + DESCRIBED)
    runs = list(ImportRun.objects.all())
    assert sum(run.created for run in runs) == 40
    assert sum(run.unchanged for run in runs) == 40
