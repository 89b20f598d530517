"""Ask one yes/no question before a step that cannot be taken back from the screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.visual import RichVisual
from textual.widgets import Static

from workbench.i18n import set_in
from workbench.screens.localise import localise_bindings
from workbench.screens.widgets.key_bar import either_key, key_in_force, keys_in_force
from workbench.text_wrap import WrappedText, in_words


class _Typeset(RichVisual):
    """WrappedText as the Static's visual, read back as the text it shows (render().plain, str()), as a Content is."""

    @property
    def plain(self) -> str:
        return self._renderable.plain

    def __str__(self) -> str:
        return self.plain


class Sentence(Static):
    """A Static whose text is broken as Chinese is typeset (Textual's own wrapping started a line with "）" at
    80 columns), or in English between words, a Chinese name in it kept whole; anything already laid out (a
    WrappedText of its own) is shown as it is."""

    def render(self):
        content = self.content
        if isinstance(content, str):
            content = Text(content)
        return _Typeset(self, WrappedText(content, words=in_words())) if isinstance(content, Text) else super().render()


def filled(template: str, **parts: str | Text) -> Text:
    """A translated template with its {placeholders} filled in as plain text where the translation puts them
    (names are data, never markup), each set into the sentence as Chinese is set (i18n.set_in: 是否删除李娜的…)."""
    text = Text()
    for words, part in set_in(template, parts):
        text.append(part if isinstance(part, Text) else Text(words))
    return text


def with_name(message: str, name: str) -> Text:
    """A translated message with {name} filled in, in bold, as plain text where the translation places it."""
    return filled(message, name=Text(name, style="bold"))


class ConfirmScreen(ModalScreen[bool]):
    """One key: y answers yes; n or escape answers no. Dismissed with the answer. The hint names the keys in
    force where it puts {yes} and {no} ("{yes} yes, save · {no} no"), as the key bar spells them."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm_yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm_no"),
    ]

    def __init__(self, title: str, question: Text, detail: str, hint: str) -> None:
        super().__init__()
        self.title_text, self.question, self.detail, self.hint = title, question, detail, hint
        localise_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.title_text, id="confirm-title")
            with VerticalScroll(id="confirm-body"):
                yield Sentence(self.question, id="confirm-question")
                yield Sentence(self.detail)
            yield Sentence(filled(self.hint, yes=key_in_force(self, "confirm_yes"),
                                  no=either_key(keys_in_force(self, "confirm_no"))), classes="hint")

    def on_resize(self) -> None:
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """The question's most rows: the screen's, less the title's, the y / n line's and the box's border, so a
        long question (a hand-over shared among seven managers: 27 rows at 70x22) scrolls with the keys still in
        view."""
        box, body = self.query_one("#confirm"), self.query_one("#confirm-body")
        kept = sum(child.outer_size.height + child.styles.margin.height for child in box.children if child is not body)
        body.styles.max_height = max(3, self.size.height - box.styles.gutter.height - kept - body.styles.margin.height)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
