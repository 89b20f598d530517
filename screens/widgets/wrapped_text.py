"""The screens' name for WrappedText: the line breaking lives in workbench.text_wrap, which the CLI shares."""

from workbench.text_wrap import WrappedText, wrap

__all__ = ["WrappedText", "wrap"]
