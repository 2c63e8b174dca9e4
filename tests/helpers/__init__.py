"""Helpers shared by the tests (no tests here), imported as `tests.helpers.<module>`;
the fixtures that use them are in tests/conftest.py and tests/web/conftest.py.

- forms: CSRF tokens, posting as a page's form does, reading a page's forms;
- search_kb: a small hand-built knowledge base for the search tests;
- forecast: knowledge bases with fixed parameters for the forecast tests;
- curation: a curated copy of the knowledge base, valid source fields, child processes;
- web_curation: the web app over a curated copy, with accounts, and logging in.
"""
