"""#17: what a hostile try found. Nothing of the user's is lost, nobody is let in."""

from __future__ import annotations

from pathlib import Path

FRENCH = (
    "Le tribunal judiciaire de Lyon a ordonné mardi la fermeture du site Zorbaflix, accusé de proposer "
    "des milliers de films sans l'accord des ayants droit. La décision a été rendue après une plainte "
    "déposée par le studio Brindille Pictures au début de l'année.\n"
)


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(FRENCH, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- 1. KG_CACHE_DIR


def test_kg_cache_dir_never_touches_the_users_folders(tmp_path, monkeypatch, kg_build):
    mine = tmp_path / "mes-documents"
    precious = mine / "abcdefghijklmnop"  # 16 characters, like a cache version folder
    precious.mkdir(parents=True)
    (precious / "these.odt").write_text("trois ans de travail", encoding="utf-8")
    (mine / "notes.txt").write_text("à garder", encoding="utf-8")
    before = sorted(p.relative_to(mine) for p in mine.rglob("*"))
    monkeypatch.setenv("KG_CACHE_DIR", str(mine))
    assert kg_build(tmp_path / "out", _corpus(tmp_path / "in")) == 0
    assert (precious / "these.odt").read_text(encoding="utf-8") == "trois ans de travail"
    assert not (mine / ".gitignore").exists()
    after = sorted(p.relative_to(mine) for p in mine.rglob("*") if "kg-cache" not in p.relative_to(mine).parts)
    assert after == before  # kg wrote only under its own subfolder
    assert (mine / "kg-cache" / "CACHEDIR.TAG").is_file()


def test_a_cache_folder_kg_did_not_make_is_left_alone(tmp_path, monkeypatch, kg_build, capsys):
    mine = tmp_path / "dossier"
    (mine / "kg-cache" / "0123456789abcdef").mkdir(parents=True)
    (mine / "kg-cache" / "0123456789abcdef" / "photo.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.setenv("KG_CACHE_DIR", str(mine))
    assert kg_build(tmp_path / "out", _corpus(tmp_path / "in")) == 0
    assert (mine / "kg-cache" / "0123456789abcdef" / "photo.jpg").read_bytes() == b"\xff\xd8"
    assert sorted(p.name for p in (mine / "kg-cache").iterdir()) == ["0123456789abcdef"]
    assert "cache is not used" in capsys.readouterr().err


def test_only_kgs_own_old_versions_are_removed(tmp_path):
    from kg.cache import FactsCache

    root = tmp_path / "cache"
    FactsCache(root).prepare()
    old = root / "00000000deadbeef"
    old.mkdir()
    (old / ".kg-cache").write_text("00000000deadbeef\n")
    stranger = root / "ffffffffffffffff"  # same shape, no marker: not removed
    stranger.mkdir()
    FactsCache(root).prepare()
    assert not old.exists() and stranger.exists()


def test_no_cache_folder_when_nothing_was_read(tmp_path, kg_build):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    assert kg_build(out, empty) == 2
    assert not (out / ".cache").exists()
