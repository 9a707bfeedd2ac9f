"""Dev-only half of the Sigma differential check: converts Sigma rules with
pySigma's Elasticsearch EQL backend and prints {file: {"query"|"error"}} as
JSON. Field names stay as Sigma writes them (an empty pipeline), so the check
compares condition semantics (modifiers, escaping, wildcards), not field
mappings. Run by run.ts inside the venv that setup.sh creates in .dac/."""
import json
import sys

from sigma.backends.elasticsearch import EqlBackend
from sigma.collection import SigmaCollection
from sigma.processing.pipeline import ProcessingPipeline


def main() -> None:
    files = json.load(sys.stdin)
    backend = EqlBackend(ProcessingPipeline())
    out = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                collection = SigmaCollection.from_yaml(f.read())
            queries = backend.convert(collection)
            out[path] = {"query": queries[0] if queries else None}
        except Exception as e:  # every failure is data for the report
            out[path] = {"error": f"{type(e).__name__}: {e}"}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
