"""Door codes: valid for their event only; another event's code is recognised as such; any edit
is refused (property-tested)."""

from hypothesis import given
from hypothesis import strategies as st

from youthcity.engines.events import door_code, read_door_code

SECRET = b"s" * 32
ids = st.integers(min_value=1, max_value=10**9)


@given(ids)
def test_a_code_is_valid_for_its_event_however_it_is_typed(event_id):
    code = door_code(SECRET, event_id)
    assert read_door_code(SECRET, code, event_id).status == "valid"
    assert read_door_code(SECRET, f"  {code.lower()} ", event_id).status == "valid"


@given(ids, ids)
def test_a_code_of_another_event_is_refused_as_wrong_event(a, b):
    if a == b:
        return
    check = read_door_code(SECRET, door_code(SECRET, a), b)
    assert (check.status, check.event_id) == ("wrong_event", a)


@given(ids, ids)
def test_editing_the_event_id_or_the_secret_breaks_the_code(a, b):
    if a == b:
        return
    mac = door_code(SECRET, a).split("-")[1]
    assert read_door_code(SECRET, f"E{b}-{mac}", b).status == "invalid"
    assert read_door_code(b"t" * 32, door_code(SECRET, a), a).status == "invalid"


@given(ids, st.integers(min_value=0, max_value=15), st.sampled_from("0123456789ABCDEFGHJKMNPQRSTVWXYZ"))
def test_any_changed_symbol_is_refused(event_id, pos, symbol):
    code = door_code(SECRET, event_id)
    head, mac = code.split("-")
    if mac[pos] == symbol:
        return
    forged = f"{head}-{mac[:pos]}{symbol}{mac[pos + 1:]}"
    assert read_door_code(SECRET, forged, event_id).status == "invalid"


@given(st.text(max_size=40))
def test_garbage_is_invalid_never_an_error(text):
    assert read_door_code(SECRET, text, 1).status in ("invalid", "valid")


# --- tickets (one per sign-up: job fairs) -------------------------------------------------------------

from youthcity.engines.events import read_ticket, ticket  # noqa: E402


def _t(group, item):
    return ticket(SECRET, "fair", "F", group, item)


@given(ids, ids)
def test_a_ticket_is_valid_for_its_occasion_however_it_is_typed(group, item):
    code = _t(group, item)
    head, mac = code.rsplit("-", 1)
    for typed in (code, f" {code.lower()} ", f"{head}-{mac[:4]}-{mac[4:8]}-{mac[8:]}"):
        check = read_ticket(SECRET, "fair", "F", typed, group)
        assert (check.status, check.group_id, check.item_id) == ("valid", group, item)


@given(ids, ids, ids)
def test_a_ticket_of_another_occasion_is_recognised_and_an_edited_one_refused(a, b, item):
    if a == b:
        return
    check = read_ticket(SECRET, "fair", "F", _t(a, item), b)
    assert (check.status, check.group_id, check.item_id) == ("wrong_event", a, item)
    mac = _t(a, item).rsplit("-", 1)[1]
    assert read_ticket(SECRET, "fair", "F", f"F{b}-{item}-{mac}", b).status == "invalid"  # fair id edited
    assert read_ticket(SECRET, "fair", "F", f"F{a}-{item + 1}-{mac}", a).status == "invalid"  # sign-up edited
    assert read_ticket(b"t" * 32, "fair", "F", _t(a, item), a).status == "invalid"  # another secret


@given(ids, ids)
def test_tickets_and_door_codes_do_not_stand_in_for_each_other(group, item):
    assert read_ticket(SECRET, "fair", "F", door_code(SECRET, group), group).status == "invalid"
    assert read_door_code(SECRET, _t(group, item), group).status == "invalid"
    assert read_ticket(SECRET, "shift", "F", _t(group, item), group).status == "invalid"  # another purpose


@given(st.text(max_size=60))
def test_garbage_is_never_a_valid_ticket(text):
    assert read_ticket(SECRET, "fair", "F", text, 1).status == "invalid"
