"""The RDF side: vocabulary and ontology, records to quads, the published files and store, SHACL and OWL-RL."""
