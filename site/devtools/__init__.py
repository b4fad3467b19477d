"""Development tools: the benchmark (`bench/`, `run_bench`, `seed_bench`), the demo site (`demo/`, built by
`seed_demo`) and the load test's event (`prepare_loadtest_event`).

Only the dev, test and bench settings install this app; production does not, so none of its commands exist there
(`seed_demo` itself lives in portal and refuses to run without this app).
"""
