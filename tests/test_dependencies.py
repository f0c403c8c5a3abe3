"""Dependencies: the minimum safe versions are required and installed; bleach stays in one module.

`make audit` runs pip-audit over requirements.lock when the advisory services can be reached;
these checks hold everywhere, with the advisories that set each minimum written down here.
"""

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent

# package: (first fixed version, the advisory it fixes)
MINIMUM_SAFE = {
    "flask": ("3.1.1", "CVE-2025-47278: fallback secret keys used the wrong key to sign"),
    "werkzeug": ("3.1.3", "CVE-2024-49767: multipart form data could exhaust memory"),
    "jinja2": ("3.1.6", "CVE-2025-27516: sandbox escape through the |attr filter"),
    "gunicorn": ("23.0.0", "CVE-2024-6827: request smuggling through Transfer-Encoding"),
}


def declared() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {Requirement(r).name.lower(): Requirement(r) for r in project["dependencies"]}


@pytest.mark.parametrize("name", sorted(MINIMUM_SAFE))
def test_minimum_safe_versions_are_required_and_installed(name: str) -> None:
    fixed, advisory = MINIMUM_SAFE[name]
    requirement = declared()[name]
    below = Version(fixed).release[:-1] + (Version(fixed).release[-1] - 1,)
    assert not requirement.specifier.contains(".".join(map(str, below))), advisory
    assert requirement.specifier.contains(fixed), requirement
    assert Version(version(name)) >= Version(fixed), advisory


def test_the_locked_versions_are_the_safe_ones() -> None:
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", (ROOT / "requirements.lock").read_text(),
                           re.M))
    pins = {k.lower(): v for k, v in pins.items()}
    for name, (fixed, advisory) in MINIMUM_SAFE.items():
        assert Version(pins[name]) >= Version(fixed), advisory
    assert pins["whoosh-reloaded"] == "2.7.5"


def test_bleach_is_imported_by_the_sanitiser_only() -> None:
    importers = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "search").rglob("*.py")
                       if re.search(r"^\s*(import|from)\s+bleach\b", p.read_text(), re.M))
    assert importers == ["search/sanitize.py"]
