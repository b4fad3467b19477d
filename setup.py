import warnings

from setuptools import find_namespace_packages, setup

# `pip install -e .` maps packages through a finder (portal lives in site/) and setuptools then prints a note, filed as
# a warning, that folders named like a package in the working directory may shadow it. Here they are those packages.
warnings.filterwarnings("ignore", message=r"\s*Editable installation\.")

# pyproject maps the folder site/ to the package `portal`; list its subpackages under that name. Namespace discovery
# lists the data folders too (templates/, static/, locale/): setuptools installs their files from package-data and
# warns about any folder of installed files that is not a listed package.
PYCACHE = ["*__pycache__", "*__pycache__.*"]

setup(
    packages=[
        "portal",
        *(f"portal.{name}" for name in find_namespace_packages("site", exclude=PYCACHE)),
        *find_namespace_packages(include=["centers", "centers.*", "blocks", "blocks.*"], exclude=PYCACHE),
    ],
)
