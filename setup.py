from setuptools import find_packages, setup

# pyproject maps the folder site/ to the package `portal`; list its subpackages under that name.
setup(
    packages=[
        "portal",
        *(f"portal.{name}" for name in find_packages("site")),
        *find_packages(include=["centers", "centers.*", "blocks", "blocks.*"]),
    ],
)
