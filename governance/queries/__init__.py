"""Read models for pages, one module per area: each function returns what a page needs in a
fixed number of queries (asserted in the tests)."""
