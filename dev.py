#!/usr/bin/env python3
"""Set up and run factbase on a machine that has only Python 3.11+.

    python3 dev.py demo [ADDRESS] [--reset-passwords]
                            create .venv, migrate, import seeds/, create the demo logins
                            (passwords printed when created), publish the sample verdict,
                            serve on ADDRESS (default 127.0.0.1:8000)
    python3 dev.py test     create .venv and run the whole test suite (pytest args pass through)

DATABASE_URL selects PostgreSQL; without it an SQLite file in var/ is used.
"""

import argparse
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
    run([*pip, "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[dev,semantic]"])
    stamp.write_text(wanted)


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    completed = subprocess.run(command, cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def manage(*args: str, env: dict[str, str]) -> None:
    run([str(PYTHON), "manage.py", *args], env=env)


def demo(options: argparse.Namespace) -> int:
    env = {**os.environ}
    env.setdefault("DEBUG", "1")
    manage("migrate", "--verbosity", "0", env=env)
    manage("import_articles", "seeds/", env=env)
    reset = ["--reset-passwords"] if options.reset_passwords else []
    manage("create_demo_users", *reset, env=env)
    manage("publish_sample_verdict", env=env)
    address = options.address
    print(f"Admin: http://{address}/admin/   API: http://{address}/api/v1/", flush=True)
    # Ctrl-C reaches the server too (same process group); main() reports the stop.
    run([str(PYTHON), "manage.py", "runserver", address], env=env)
    return 0


def test(args: list[str]) -> int:
    return subprocess.run([str(PYTHON), "-m", "pytest", *args], cwd=ROOT).returncode


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python3 dev.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="{demo,test}")
    demo_parser = commands.add_parser(
        "demo", help="set up and serve the demo", description="Set up and serve the demo."
    )
    demo_parser.add_argument(
        "address",
        nargs="?",
        default="127.0.0.1:8000",
        help="address to serve on, as runserver takes it: PORT or HOST:PORT "
        "(default 127.0.0.1:8000)",
    )
    demo_parser.add_argument(
        "--reset-passwords",
        action="store_true",
        help="give the demo logins new passwords and print them",
    )
    commands.add_parser(
        "test",
        help="run the test suite (arguments pass through to pytest)",
        add_help=False,
    )
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["test"]:
        ensure_environment()
        return test(argv[1:])
    options = parser().parse_args(argv)
    ensure_environment()
    try:
        return demo(options)
    except KeyboardInterrupt:
        print("\nDemo stopped.", flush=True)
        return 130


if __name__ == "__main__":
    sys.exit(main())
