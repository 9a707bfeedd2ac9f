"""Runs one query with the Python `eql` reference engine (Endgame semantics)
over the first N lines of an NDJSON file of ECS events: read + json parse +
evaluate, like `dac eql search`. Prints one JSON line with the counts and,
for each result, the `event.id`s of its events joined with ">" (so the bench
can check that both engines found the same results, not just as many)."""
import json
import sys
import time
from datetime import datetime

import eql
from eql import Event, PythonEngine


def to_millis(ts):
    return int(datetime.fromisoformat(ts.replace("Z", "+00:00")).timestamp() * 1000)


def main():
    path, query_text, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    engine = PythonEngine({"time_unit": 1000})
    engine.add_query(eql.parse_query(query_text))
    results = []
    engine.add_output_hook(results.append)
    started = time.time()
    read = 0

    def events():
        nonlocal read
        with open(path) as f:
            for line in f:
                if read >= limit:
                    return
                read += 1
                data = json.loads(line)
                category = data.get("event", {}).get("category") or ["generic"]
                yield Event(category[0], to_millis(data["@timestamp"]), data)

    engine.stream_events(events())
    seconds = time.time() - started
    ids = [">".join(str(e.data["event"]["id"]) for e in r.events) for r in results]
    print(json.dumps({"events": read, "results": len(results), "seconds": seconds, "ids": ids}))


if __name__ == "__main__":
    main()
