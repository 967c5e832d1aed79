"""Graph analytics over the entity graph read back from the RDF (networkx), and their reports.

entity_graph reads the RDF; centrality, communities and links are the algorithms (pure functions
over a networkx graph); analytics runs them all; report writes analytics.ttl, report.md and the CSVs.
"""
