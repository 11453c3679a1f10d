"""Issue 19: a long document's parse on two processes looks srsly's msgpack codecs up once."""

from __future__ import annotations

import srsly
from srsly import msgpack

from extractors.analysis.analyse import _msgpack_codecs_looked_up_once


def test_codecs_are_looked_up_once_inside_and_as_before_after() -> None:
    before = {name: msgpack.msgpack_decoders.get_all()[name] for name in msgpack.msgpack_decoders.get_all()}
    with _msgpack_codecs_looked_up_once():
        first = msgpack.msgpack_decoders.get_all()
        assert first is msgpack.msgpack_decoders.get_all()  # the same lookup, not a new scan
        assert first == before
        assert msgpack.msgpack_encoders.get_all() is msgpack.msgpack_encoders.get_all()
        assert srsly.msgpack_loads(srsly.msgpack_dumps({"a": [1, 2.5, "x"]})) == {"a": [1, 2.5, "x"]}
    for registry in (msgpack.msgpack_encoders, msgpack.msgpack_decoders):
        assert "get_all" not in vars(registry)  # the registry's own method again
    assert msgpack.msgpack_decoders.get_all() == before
