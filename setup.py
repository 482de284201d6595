"""Maps the catalogue (rules/) and the schemas (schema/) into the wheel as checker/data/….

They stay at the top of the repository, where they are read and edited, and are never copied
in the tree; everything else is in pyproject.toml. A folder added under rules/ is carried along
without listing it anywhere.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

DATA = {"checker.data.rules": "rules", "checker.data.schema": "schema"}

# Data folders inside checker/ (e.g. checker/utkast/data/) are listed as packages of their own,
# as setuptools asks, and carried as they lie.
packages = [p for p in find_namespace_packages(include=["checker", "checker.*"]) if "__pycache__" not in p]
package_dir: dict[str, str] = {}
package_data: dict[str, list[str]] = {package: ["*"] for package in packages}
for package, folder in DATA.items():
    root = Path(folder)
    for directory in [root, *sorted(p for p in root.rglob("*") if p.is_dir() and "__pycache__" not in p.parts)]:
        name = ".".join([package, *directory.relative_to(root).parts])
        packages.append(name)
        package_dir[name] = directory.as_posix()
        package_data[name] = ["*"]

setup(packages=packages, package_dir=package_dir, package_data=package_data)
