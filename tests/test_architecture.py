"""The import rules of pyproject.toml's [tool.importlinter] hold for the tree, and each of them
breaks when a forbidden import is added to a copy of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import REPO

CONFIG = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
CONTRACT_NAMES = {contract["id"]: contract["name"] for contract in CONFIG["contracts"]}
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    """`lint-imports` on the packages and configuration in cwd (it puts cwd first on sys.path,
    before the editable install's finder), printed wide enough that no name is wrapped."""
    return subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "250"}, timeout=120)


def copy_of_tree(folder: Path) -> Path:
    for package in CONFIG["root_packages"]:
        shutil.copytree(REPO / package, folder / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", folder)
    return folder


def assert_broken(result: subprocess.CompletedProcess, contract: str, named: str) -> None:
    assert result.returncode != 0, result.stdout + result.stderr
    assert f"{CONTRACT_NAMES[contract]} BROKEN" in result.stdout, result.stdout
    # What was added to the copy is named: the copy was analysed, not the installed tree.
    assert named in result.stdout, result.stdout


def test_the_tree_keeps_every_import_contract():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("path", "added", "contract", "edge"), [
    ("pipeline/text.py", "import scrapy", "pipeline-plain", "pipeline.text -> scrapy"),
    ("archive/cli.py", "import scrapy", "archive-crawl-bridges", "archive.cli -> scrapy"),
    ("archive/storage/lock.py", "import spiders.items", "archive-crawl-bridges",
     "archive.storage.lock -> spiders.items"),
    ("spiders/items.py", "import archive", "spiders-unaware-of-archive",
     "spiders.items -> archive"),
    ("mirror/server.py", "import pipeline", "mirror-independent", "mirror.server -> pipeline"),
    ("archive/storage/store.py", "import archive.cli", "archive-layers",
     "archive.storage.store -> archive.cli"),
    ("archive/publication/export.py", "import archive.quality.drift", "archive-layers",
     "archive.publication.export -> archive.quality.drift"),
])
def test_a_forbidden_import_breaks_its_contract(tmp_path, path, added, contract, edge):
    tree = copy_of_tree(tmp_path)
    with (tree / path).open("a") as module:
        module.write(f"\n{added}\n")

    assert_broken(lint_imports(tree), contract, f"{edge} (l.")


def test_a_part_of_archive_outside_the_layers_breaks_the_layering(tmp_path):
    tree = copy_of_tree(tmp_path)
    (tree / "archive" / "unplaced.py").write_text("")

    assert_broken(lint_imports(tree), "archive-layers", "- archive.unplaced")
