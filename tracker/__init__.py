"""RKA tracker: parse RKA Satker documents, load them into Neo4j, trace funded outputs to the
indicators they serve, and show it to planners, the inspectorate and auditors."""

__version__ = "0.1.0"
