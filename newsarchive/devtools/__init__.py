"""Tools for the tests, the benchmark and the documentation: a browser, a
Pages-like server, validators, a crawler and builds of project copies."""
