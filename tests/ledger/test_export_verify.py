"""Exports and the verifier on them: a good log verifies; every kind of tampering is
reported, naming the first entry at fault."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commune.ledger.canonical import canonicalize
from commune.ledger.errors import ExportFormatError, SourceError
from commune.ledger.export import ExportReader, entry_line, read_all, write_export
from commune.ledger.merkle import leaf_hash
from commune.ledger.note import generate_signer_key
from commune.ledger.verify import Report, save_checkpoint, verify_export

from .conftest import KEY, ORIGIN, FixtureLog, build_log

LOG = build_log(40)
EXPORT = LOG.export()


def _verify(tmp_path: Path, data: bytes, **kwargs: object) -> Report:
    path = tmp_path / "journal.jsonl"
    path.write_bytes(data)
    return verify_export(path, **kwargs)  # type: ignore[arg-type]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")[:-1]


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n"


def _codes(report: Report) -> set[str]:
    return {p.code for p in report.problems}


def test_a_good_export_verifies(tmp_path: Path) -> None:
    """An untouched export verifies with the journal's key: root, size and signature."""
    report = _verify(tmp_path, EXPORT, public_key=KEY.verifier_key)
    assert report.ok, report.problems
    assert report.checkpoint is not None and report.checkpoint.size == 40
    assert report.root == LOG.tree.root() == report.checkpoint.root
    assert report.entries_checked == 40 and report.first_bad_index is None
    assert report.notices == ()


def test_the_key_of_the_export_is_trusted_on_first_use(tmp_path: Path) -> None:
    """Without a key, the export's own first key is used, and the report says so."""
    report = _verify(tmp_path, EXPORT)
    assert report.ok
    assert "trust on first use" in report.notices[0]


def test_another_key_is_refused(tmp_path: Path) -> None:
    """A checkpoint not signed by the given key fails, whatever the export claims."""
    other = generate_signer_key(ORIGIN).verifier_key
    report = _verify(tmp_path, EXPORT, public_key=other)
    assert not report.ok and _codes(report) == {"bad_signature"}


def test_empty_log_verifies(tmp_path: Path) -> None:
    """A journal of no entries exports and verifies (root SHA-256(""))."""
    assert _verify(tmp_path, build_log(0).export(), public_key=KEY.verifier_key).ok


def test_reader_streams_the_lines_back() -> None:
    """The streaming reader gives back header, entries and checkpoint."""
    header, lines, note = read_all(io.BytesIO(EXPORT))
    assert header.origin == ORIGIN and header.size == 40
    assert header.public_keys == (str(KEY.verifier_key),)
    assert [line.data for line in lines] == LOG.entries
    assert all(
        json.loads(line)["entry"] == json.loads(entry)
        for line, entry in zip(_lines(EXPORT)[1:-1], LOG.entries, strict=True)
    )
    assert all(line.leaf_hash == leaf_hash(line.data) for line in lines)
    assert note == LOG.checkpoint()


def test_lines_are_canonical_json() -> None:
    """Every line of an export is RFC 8785 canonical JSON."""
    for line in _lines(EXPORT):
        assert canonicalize(json.loads(line)) == line


def test_writer_refuses_gaps_and_wrong_counts() -> None:
    """The writer checks the entries make up exactly the checkpoint's tree."""
    entries = LOG.export_entries()
    with pytest.raises(ExportFormatError, match="entry 2 given where entry 1"):
        write_export(
            io.BytesIO(),
            checkpoint=LOG.checkpoint(),
            public_keys=[],
            entries=[entries[0], entries[2]],
        )
    with pytest.raises(ExportFormatError, match="spans lines"):
        write_export(
            io.BytesIO(),
            checkpoint=LOG.checkpoint(1),
            public_keys=[],
            entries=[(0, b'{"a":\n1}')],
        )
    with pytest.raises(ExportFormatError, match="39 entries"):
        write_export(
            io.BytesIO(), checkpoint=LOG.checkpoint(), public_keys=[], entries=entries[:39]
        )
    with pytest.raises(ExportFormatError, match="more entries"):
        write_export(io.BytesIO(), checkpoint=LOG.checkpoint(39), public_keys=[], entries=entries)


def test_reader_names_the_bad_line() -> None:
    """A malformed line is reported with its entry index."""
    lines = _lines(EXPORT)
    lines[5] = lines[5].replace(b'"leaf_hash"', b'"leaf hash"')
    with pytest.raises(ExportFormatError, match="entry 4"):
        list(ExportReader(io.BytesIO(_join(lines))))


# --- Tampering ------------------------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 1, 17, 39])
def test_an_edited_entry_is_named(tmp_path: Path, index: int) -> None:
    """Changing one byte inside an entry's bytes names that entry."""
    data = bytearray(LOG.entries[index])
    data[data.index(b"acte") + 1] ^= 0x01  # 'c' -> 'b': still a valid entry
    lines = _lines(EXPORT)
    lines[index + 1] = lines[index + 1].replace(LOG.entries[index], bytes(data))
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == index
    assert "entry_altered" in _codes(report)


def test_an_edited_entry_with_its_leaf_hash_is_still_caught(tmp_path: Path) -> None:
    """Rewriting the declared leaf hash too leaves the signed root unmatched."""
    data = LOG.entries[9].replace(b"acte", b"acta")
    lines = _lines(EXPORT)
    lines[10] = entry_line(data).rstrip(b"\n")
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert not report.ok and _codes(report) == {"root_mismatch"}


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(index=st.integers(0, 39), data=st.data())
def test_any_changed_byte_of_an_entry_line_is_named(
    tmp_path: Path, index: int, data: st.DataObject
) -> None:
    """Whatever byte of an entry's line changes, and to whatever, that entry is named."""
    lines = _lines(EXPORT)
    line = bytearray(lines[index + 1])
    at = data.draw(st.integers(0, len(line) - 1))
    line[at] = data.draw(st.integers(0, 255).filter(lambda b: b != line[at]))
    lines[index + 1] = bytes(line)
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert not report.ok
    assert report.first_bad_index == index, report.problems


@pytest.mark.parametrize("index", [0, 12, 39])
def test_a_deleted_entry_is_named(tmp_path: Path, index: int) -> None:
    """Removing an entry names the place where it is missing."""
    lines = _lines(EXPORT)
    del lines[index + 1]
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == index
    assert "missing_entries" in _codes(report)


@pytest.mark.parametrize(("first", "second"), [(0, 1), (3, 30), (38, 39)])
def test_reordered_entries_are_named(tmp_path: Path, first: int, second: int) -> None:
    """Swapping two entries names the first of them."""
    lines = _lines(EXPORT)
    lines[first + 1], lines[second + 1] = lines[second + 1], lines[first + 1]
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == first
    assert "index_mismatch" in _codes(report)


def test_a_forged_appended_entry_is_named(tmp_path: Path) -> None:
    """An entry added after the signed ones is not covered by the checkpoint."""
    forged = build_log(41)
    lines = _lines(EXPORT)
    lines.insert(41, _lines(forged.export())[41])
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == 40
    assert _codes(report) == {"unsigned_entries"}


def test_a_forged_appended_entry_with_a_forged_checkpoint_is_caught(tmp_path: Path) -> None:
    """Re-signing the longer log with another key fails the signature check; with a trusted
    checkpoint, the first entry beyond it is named."""
    thief = generate_signer_key(ORIGIN)
    forged = build_log(41)
    export = forged.export(key=thief)
    report = _verify(tmp_path, export, public_key=KEY.verifier_key)
    assert not report.ok and "bad_signature" in _codes(report)
    report = _verify(tmp_path, export, public_key=KEY.verifier_key, trusted=LOG.checkpoint())
    assert not report.ok and report.first_bad_index == 40


def test_an_entry_of_another_commune_is_named(tmp_path: Path) -> None:
    """An entry written for another commune, even at the right index, is named."""
    lyon = build_log(40, origin="commune.example/lyon")
    lines = _lines(EXPORT)
    lines[8] = _lines(lyon.export())[8]
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    assert report.first_bad_index == 7 and "commune_mismatch" in _codes(report)


def test_a_fork_of_the_same_size_is_reported(tmp_path: Path) -> None:
    """Two signed checkpoints of one size with different roots are a fork."""
    other = build_log(30)
    other.append(payload={"n": 30, "text": "a different act"})
    for _ in range(9):
        other.append()
    report = _verify(
        tmp_path, other.export(), public_key=KEY.verifier_key, trusted=LOG.checkpoint()
    )
    assert not report.ok and _codes(report) == {"fork"}


def test_a_fork_below_a_larger_size_is_reported(tmp_path: Path) -> None:
    """A longer log whose first entries are not the trusted ones is a fork."""
    other = build_log(20)
    other.append(payload={"n": 20, "text": "rewritten"})
    for _ in range(30):
        other.append()
    report = _verify(
        tmp_path, other.export(), public_key=KEY.verifier_key, trusted=LOG.checkpoint()
    )
    assert not report.ok and _codes(report) == {"fork"}


def test_a_rollback_is_named(tmp_path: Path) -> None:
    """A log smaller than the trusted checkpoint names its first vanished entry."""
    report = _verify(
        tmp_path, LOG.export(25), public_key=KEY.verifier_key, trusted=LOG.checkpoint()
    )
    assert not report.ok and report.first_bad_index == 25
    assert _codes(report) == {"rollback"}


def test_a_grown_log_extends_the_trusted_checkpoint(tmp_path: Path) -> None:
    """A log that only grew since the trusted checkpoint verifies (monitor mode)."""
    report = _verify(tmp_path, EXPORT, public_key=KEY.verifier_key, trusted=LOG.checkpoint(13))
    assert report.ok, report.problems
    saved = tmp_path / "checkpoint.txt"
    save_checkpoint(report, saved)
    assert saved.read_text() == LOG.checkpoint()
    again = _verify(tmp_path, EXPORT, public_key=KEY.verifier_key, trusted=saved.read_text())
    assert again.ok


def test_a_bad_report_is_not_saved(tmp_path: Path) -> None:
    """Only a checkpoint that verified is saved for the next run."""
    lines = _lines(EXPORT)
    del lines[3]
    report = _verify(tmp_path, _join(lines), public_key=KEY.verifier_key)
    with pytest.raises(SourceError):
        save_checkpoint(report, tmp_path / "checkpoint.txt")


@pytest.mark.parametrize(
    ("mangle", "code"),
    [
        (lambda lines: lines[:-1], "bad_export"),
        (
            lambda lines: [*lines[:-1], lines[-1].replace(b"checkpoint", b"checkpoints")],
            "bad_export",
        ),
        (lambda lines: [b"{}", *lines[1:]], "bad_export"),
        (lambda lines: [*lines[:-1], lines[-1].replace(b"\\n40\\n", b"\\n39\\n")], "bad_signature"),
    ],
    ids=["no-footer", "bad-footer", "bad-header", "edited-checkpoint"],
)
def test_a_damaged_frame_is_reported(tmp_path: Path, mangle: object, code: str) -> None:
    """A missing or altered header or checkpoint makes the export bad."""
    report = _verify(tmp_path, _join(mangle(_lines(EXPORT))), public_key=KEY.verifier_key)  # type: ignore[operator]
    assert not report.ok and code in _codes(report)


def test_a_missing_file_is_an_io_error(tmp_path: Path) -> None:
    """An unreadable source is not a bad log: it raises SourceError."""
    with pytest.raises(SourceError, match="cannot read"):
        verify_export(tmp_path / "missing.jsonl")


# --- Key rotation -------------------------------------------------------------------------


def _rotated_log() -> tuple[FixtureLog, object]:
    first = generate_signer_key(ORIGIN)
    log = build_log(6, key=first)
    log.rotate(generate_signer_key(ORIGIN))
    for _ in range(5):
        log.append()
    return log, first


def test_a_rotated_key_signs_later_checkpoints(tmp_path: Path) -> None:
    """A checkpoint signed only by a key the log brought in verifies from the first key."""
    log, first = _rotated_log()
    report = _verify(tmp_path, log.export(), public_key=first.verifier_key)  # type: ignore[attr-defined]
    assert report.ok, report.problems
    assert report.keys == (str(first.verifier_key), str(log.key.verifier_key))  # type: ignore[attr-defined]


def test_a_self_endorsed_rotation_gains_nothing(tmp_path: Path) -> None:
    """A forger's key.rotated entry endorsed by their own key does not make their key trusted."""
    first = generate_signer_key(ORIGIN)
    thief = generate_signer_key(ORIGIN)
    log = build_log(6, key=first)
    log.rotate(thief, endorsed_by=thief)
    log.append()
    report = _verify(tmp_path, log.export(), public_key=first.verifier_key)
    assert not report.ok and "bad_signature" in _codes(report)
    assert any("not trusted" in notice for notice in report.notices)


def test_a_rotation_endorsement_that_fails_is_named(tmp_path: Path) -> None:
    """A key.rotated entry whose endorsement by a trusted key does not verify is named."""
    first = generate_signer_key(ORIGIN)
    log = build_log(3, key=first)
    new = generate_signer_key(ORIGIN)
    log.rotate(new)
    # Re-endorse at a wrong index: the note verifies but is for another place.
    log2 = build_log(3, key=first)
    log2.rotate(new)
    payload = json.loads(log2.entries[3])["payload"]
    payload["endorsement"] = payload["endorsement"].replace("v1\n", "v1 \n")
    broken = build_log(3, key=first)
    broken.append("key.rotated", payload)
    report = _verify(tmp_path, broken.export(key=first), public_key=first.verifier_key)
    assert report.first_bad_index == 3 and "bad_key_rotation" in _codes(report)


# --- Parallel checking ------------------------------------------------------------------------


def test_parallel_and_sequential_verdicts_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks checked by worker processes give the same report as one process."""
    import commune.ledger.verify.exportfile as verify_module

    log = build_log(300)
    lines = _lines(log.export())
    del lines[200]
    lines[51], lines[60] = lines[60], lines[51]
    data = _join(lines)
    monkeypatch.setattr(verify_module, "BLOCK_BYTES", 4096)
    kwargs = {"public_key": KEY.verifier_key, "trusted": log.checkpoint(123)}
    one = _verify(tmp_path, data, jobs=1, **kwargs)
    two = _verify(tmp_path, data, jobs=2, **kwargs)
    assert one.problems == two.problems and one.root == two.root
    assert one.first_bad_index == 50

    good = _verify(tmp_path, log.export(), jobs=2, **kwargs)
    assert good.ok and good.root == log.tree.root()

    # Blocks checked in small runs of lines (here in this process) find the same.
    monkeypatch.setattr(verify_module, "CHECK_BYTES", 700)
    for jobs in (1, 2, 3):
        assert _verify(tmp_path, data, jobs=jobs, **kwargs).problems == one.problems
    assert _verify(tmp_path, log.export(), jobs=3, **kwargs).ok


def test_a_truncated_export_names_the_cut_entry(tmp_path: Path) -> None:
    """A file cut in the middle of an entry's line names that entry."""
    lines = _lines(EXPORT)
    cut = _join(lines[:12]) + lines[12][:50]
    report = _verify(tmp_path, cut, public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == 11
    assert {"bad_export", "bad_line"} <= _codes(report)


def test_the_writer_keeps_the_stored_leaf_hashes(tmp_path: Path) -> None:
    """Given the leaf hashes a server stored, the writer writes them as they are: an entry
    altered at the source (its stored hash intact) is then named by the verifier, not only
    reported as a root mismatch."""
    altered = LOG.entries[17].replace(b"acte", b"acta")
    rows = [(i, data, LOG.tree.leaf_hash(i)) for i, data in enumerate(LOG.entries)]
    rows[17] = (17, altered, LOG.tree.leaf_hash(17))
    out = io.BytesIO()
    write_export(out, checkpoint=LOG.checkpoint(), public_keys=LOG.public_keys, entries=rows)
    report = _verify(tmp_path, out.getvalue(), public_key=KEY.verifier_key)
    assert not report.ok and report.first_bad_index == 17
    assert _codes(report) == {"entry_altered"}
    with pytest.raises(ExportFormatError, match="entry 3's leaf hash"):
        write_export(
            io.BytesIO(),
            checkpoint=LOG.checkpoint(4),
            public_keys=[],
            entries=[*rows[:3], (3, LOG.entries[3], b"short")],
        )
