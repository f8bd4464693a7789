#!/usr/bin/env python3
"""Set up and run factbase on a machine that has only Python 3.11+.

    python3 dev.py demo     create .venv, migrate, import seeds/, create the demo
                            reviewer (credentials printed), serve on 127.0.0.1:8000
    python3 dev.py test     create .venv and run the whole test suite (pytest args pass through)

DATABASE_URL selects PostgreSQL; without it an SQLite file in var/ is used.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> None:
    """Create the virtual environment and install factbase with its dev extras, once,
    at the versions pinned in constraints.txt."""
    if not PYTHON.exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / ".factbase-installed"
    pinned = [ROOT / "pyproject.toml", ROOT / "constraints.txt"]
    wanted = hashlib.sha256(b"".join(path.read_bytes() for path in pinned)).hexdigest()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print("Installing factbase and its dependencies ...", flush=True)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--upgrade", "pip"])
    run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev]"])
    stamp.write_text(wanted)


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    completed = subprocess.run(command, cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def manage(*args: str, env: dict[str, str]) -> None:
    run([str(PYTHON), "manage.py", *args], env=env)


def demo(args: list[str]) -> None:
    address = args[0] if args else "127.0.0.1:8000"
    env = {**os.environ}
    env.setdefault("DEBUG", "1")
    manage("migrate", "--verbosity", "0", env=env)
    manage("import_articles", "seeds/", env=env)
    manage("create_demo_users", env=env)
    print(f"Admin: http://{address}/admin/   API: http://{address}/api/v1/", flush=True)
    manage("runserver", address, env=env)


def test(args: list[str]) -> int:
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"demo", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    if sys.argv[1] == "demo":
        demo(sys.argv[2:])
        return 0
    return test(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
