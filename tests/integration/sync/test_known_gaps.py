"""What the server does not offer yet, shown by tests (strict xfail: they flip when fixed).

Edits made offline to a client who was reassigned meanwhile are refused (``not_found``) and
can only be kept as conflicts on the laptop: the new worker never sees them. The server
could accept, as conflicts for the people now responsible, mutations of clients the device
held in its last scope snapshot.
"""

from __future__ import annotations

import pytest

from .laptops import Office


@pytest.mark.xfail(strict=True, reason="server: refuses edits of a client just reassigned")
def test_offline_edits_of_a_reassigned_client_reach_the_new_worker(office: Office) -> None:
    ana, ben = office.person(), office.person()
    a, b = office.laptop(ana), office.laptop(ben)
    client = a.new_client()
    note = a.new_note(client, "Before the move (synthetic).")
    assert a.sync().ok
    a.update(note, {"narrative": "Written offline after the move (synthetic)."})
    office.server.assign(client, ben)
    office.server.unassign(client, ana)
    assert a.sync().ok and b.sync().ok
    texts = {b.get(note).fields["narrative"]} | {c.mine for c in b.conflicts()}  # type: ignore[union-attr]
    assert "Written offline after the move (synthetic)." in texts
