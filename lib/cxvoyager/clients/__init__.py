"""HTTP access to the SmartX APIs: sessions, retries, waiting, uploads, traffic record.

The foundation every per-API client builds on:

- ``transport``: ``SimTransport`` and ``LiveTransport`` make ``ApiSession`` objects;
- ``http``: ``ApiSession.request`` with timeouts, retries, re-login and error mapping;
- ``retry``: the one retry policy;
- ``waiting``: ``wait_until``, the one polling loop;
- ``upload``: ``upload_file``, chunked and resumable;
- ``har``: ``HarRecorder``, the traffic record;
- ``context``: which stage and step is calling;
- ``progress``: progress lines on the terminal.
"""
