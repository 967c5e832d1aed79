"""SPARQL over a built graph: the answer model (terms), queries on the store or a file, formats, the server."""
