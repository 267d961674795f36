"""whimbrel's benchmarks: throughput, memory and query latency (``make bench``).

Run ``python benchmarks/run.py`` (``--small`` for a quick run, ``--help`` for options) and
``python benchmarks/profile_ingest.py`` for a profile of an ingest. They print figures against
the targets of the "Fast and big" issue; they never assert them.
"""
