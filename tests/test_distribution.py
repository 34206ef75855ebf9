"""The distribution: a name of ours on PyPI (`publisher` there is an
unrelated project), the command and import name `publisher`, a wheel that
installs offline into a fresh environment and runs, and the workflow of a
new project pinned to this version."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

import publisher
from publisher.sources.scaffold import scaffold_files

ROOT = Path(__file__).resolve().parents[1]


def test_the_distribution_name_is_ours_and_the_command_is_publisher():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == publisher.DISTRIBUTION != "publisher"
    assert project["scripts"] == {"publisher": "publisher.cli:main"}
    assert project["version"] == publisher.__version__


def test_a_new_projects_workflow_installs_this_version_of_ours():
    workflow = scaffold_files("en", ("de",))[".github/workflows/publish.yml"].decode()
    assert f"'{publisher.DISTRIBUTION}=={publisher.__version__}'" in workflow
    assert "'publisher'" not in workflow and "pip install publisher" not in workflow
    assert "publisher extract --check" in workflow and "git diff" not in workflow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a copy of the sources (the build writes
    its build/ and egg-info folders there, not into the repository)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "publisher", source / "publisher",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
                             "--no-build-isolation", "-q", "-w", str(out), str(source)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (found,) = out.glob("*.whl")
    return found


def test_the_wheel_holds_every_module_and_data_file(wheel):
    assert wheel.name.startswith(f"{publisher.DISTRIBUTION.replace('-', '_')}-"
                                 f"{publisher.__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "publisher"
    wanted = {p.relative_to(ROOT).as_posix() for p in package.rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert wanted - names == set()


def test_the_wheel_installs_offline_in_a_fresh_environment_and_runs(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    python = venv / "bin" / "python"
    # the dependencies come from this interpreter's environment, not from a registry
    purelib = Path(subprocess.run([str(python), "-c", "import sysconfig; "
                                   "print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "dependencies.pth").write_text(
        "\n".join(sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}))
        + "\n")
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                             "--no-index", "--no-deps", "-q", str(wheel)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    run = subprocess.run([str(venv / "bin" / "publisher"), "--version"], capture_output=True,
                         text=True, cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"publisher, version {publisher.__version__}"
    where = subprocess.run([str(python), "-c", "import importlib.metadata as m, publisher; "
                            "print(publisher.__file__); "
                            f"print(m.version({publisher.DISTRIBUTION!r}))"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    installed, version = where.stdout.split()
    assert Path(installed).is_relative_to(venv) and version == publisher.__version__
    # the package's templates came along: a new project can be made
    made = subprocess.run([str(venv / "bin" / "publisher"), "new", "site", "--locale", "de"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    assert (tmp_path / "site" / "templates" / "base.html").is_file()
