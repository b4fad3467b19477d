"""`make bench`: synthetic data at two scales and per-page timings against a bare Wagtail page.

`registry` is where capabilities add their seeding step and the public URLs to measure; `seeding` builds page trees
in bulk; `measuring` times requests with the test client. Capabilities live in `capabilities/`, one module each,
found without being listed anywhere.
"""
