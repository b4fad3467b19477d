import warnings
from pathlib import Path

from setuptools import find_namespace_packages, setup

warnings.filterwarnings("ignore", message=r"\s*Editable installation\.")

# This folder is the package `portal` (site/pyproject.toml maps it); list its subpackages under that name. Namespace
# discovery lists the data folders too (templates/, static/), installed from package-data.
HERE = Path(__file__).resolve().parent
SKIP = ["*__pycache__", "*__pycache__.*", "build", "build.*", "*.egg-info", "*.egg-info.*"]

setup(packages=["portal", *(f"portal.{name}" for name in find_namespace_packages(HERE, exclude=SKIP))])
