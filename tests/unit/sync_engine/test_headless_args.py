"""The headless commands plug into the ``fieldcm`` parser exactly as ``cli.py`` will add them."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from fieldcm.sync import headless
from tests.security.helpers import FAST_POLICY


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fieldcm")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo")
    headless.register(commands)
    return parser


def test_register_adds_the_three_commands_next_to_the_others() -> None:
    parser = _parser()
    args = parser.parse_args(["sync", "--profile", "/tmp/p", "--passphrase-stdin", "--verify"])
    assert args.command in headless.COMMANDS
    assert args.profile == Path("/tmp/p") and args.verify and args.passphrase_stdin
    assert callable(args.headless)
    assert parser.parse_args(["demo"]).command not in headless.COMMANDS


def test_no_secret_is_accepted_on_the_command_line() -> None:
    parser = _parser()
    for command in ("enroll", "sync", "status"):
        options = {a.dest for a in parser._subparsers._group_actions[0].choices[command]._actions}  # type: ignore[union-attr]
        assert not {"passphrase", "password", "token"} & options


def test_status_of_a_folder_without_a_profile_says_so(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    env = headless.HeadlessEnv(
        policy=FAST_POLICY, stdin=io.StringIO("x" * 20 + "\n"), out=out, err=err
    )
    code = headless.main(["status", "--profile", str(tmp_path), "--passphrase-stdin"], env)
    assert code == headless.EXIT_PROBLEM
    assert "No fieldcm profile" in err.getvalue()
