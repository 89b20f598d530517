"""A command line Click cannot parse, said in one sentence in the interface language, as every other refusal is.

Click's own report is three lines in English (usage, "Try … --help", the error); the common mistakes here are
an option of workbench itself written after the command (`workbench log --user M1`), a mistyped option, and a
missing value.
"""

from __future__ import annotations

import re
import sys

from workbench.i18n import gettext as _, join_list

_NO_SUCH_COMMAND = re.compile(r"No such command '(?P<name>.+?)'\.(?: Did you mean '(?P<guess>.+)'\?)?")
_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)")


def root_options(root) -> set[str]:
    """The options of `workbench` itself (--db, --lang, --user, --now): after a command they are unknown to it."""
    return {opt for param in root.params for opt in getattr(param, "opts", ())}


def command_path(root, args: list[str]) -> str:
    """The command a command line names (`workbench log`), read from its words: for an error Click raises
    without saying which command it was parsing (an option given no value)."""
    path, group, words = ["workbench"], root, iter(args)
    for word in words:
        if word in root_options(root) and group is root:
            next(words, None)   # its value
            continue
        sub = getattr(group, "commands", {}).get(word)
        if sub is None:
            if not word.startswith("-"):
                break
            continue
        path.append(word)
        group = sub
    return " ".join(path)


# What Typer (or Click) says of a value that is not the whole number an option takes (no option takes a fraction).
_NOT_A_WHOLE_NUMBER = re.compile(r"Input should be a valid integer|'.*' is not a valid integer")


def usage_sentence(exc, fallback: str = "workbench") -> str:
    """The sentence for a Click usage error (exc: the UsageError, from the Click that Typer uses); fallback names
    the command when Click did not (command_path)."""
    errors = sys.modules[type(exc).__module__]   # click.exceptions, whichever copy raised it
    command = exc.ctx.command_path if exc.ctx is not None else fallback
    help_hint = _("`{command} --help` says what it takes.").format(command=command)
    if isinstance(exc, errors.NoSuchOption):
        option = exc.option_name
        if exc.ctx is not None and option in root_options(exc.ctx.find_root().command) and command != "workbench":
            sub = command.removeprefix("workbench ")
            return _("{option} is an option of workbench itself, so it goes before the command: workbench {option} …"
                     " {sub} ….").format(option=option, sub=sub)
        said = _("`{command}` has no option {option}.").format(command=command, option=option)
        if exc.possibilities:
            said = _then(said, _("Did you mean {options}?").format(options=join_list(sorted(exc.possibilities))))
        return _then(said, help_hint)
    if isinstance(exc, errors.BadOptionUsage):
        if "does not take a value" in exc.message:   # --json=1: a flag given a value
            return _("{option} takes no value. {hint}").format(option=exc.option_name, hint=help_hint)
        return _("{option} needs a value. {hint}").format(option=exc.option_name, hint=help_hint)
    if isinstance(exc, errors.MissingParameter):
        param = exc.param
        if param is None:
            name = "?"
        elif param.param_type_name == "option":
            name = param.opts[0]
        else:   # an argument: as its help's usage line names it
            name = param.metavar or (param.name or "?").upper()
        return _("`{command}` needs {param}. {hint}").format(command=command, param=name, hint=help_hint)
    if isinstance(exc, errors.BadParameter):
        param = exc.param_hint or (exc.param.opts[0] if exc.param is not None and exc.param.opts else "?")
        if isinstance(param, (list, tuple)):
            param = " / ".join(param)
        param = str(param).strip("'\"")
        if _NOT_A_WHOLE_NUMBER.match(exc.message):   # Typer's words for a number it could not read, in English
            return _then(_("{param} takes a whole number.").format(param=param), help_hint)
        return _("{param} cannot take that value: {detail}. {hint}").format(
            param=param, detail=exc.message.rstrip("."), hint=help_hint)
    message = exc.format_message()
    if found := _NO_SUCH_COMMAND.fullmatch(message):
        said = _("There is no command {name}; `{command} --help` lists the commands.").format(
            name=found["name"], command=command)
        return _then(said, _("Did you mean {options}?").format(options=found["guess"])) if found["guess"] else said
    if message == "Missing command.":
        return _("`{command}` needs a command after it; `{command} --help` lists them.").format(command=command)
    if found := _EXTRA.fullmatch(message):
        return _("`{command}` does not take {args}. {hint}").format(command=command, args=found["args"], hint=help_hint)
    return _then(message, help_hint)


def _then(first: str, second: str) -> str:
    """Two sentences one after the other: a space between them in English, none after a Chinese 。."""
    return _("{first} {second}").format(first=first, second=second)
