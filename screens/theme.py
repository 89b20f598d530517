"""The workbench theme: calm, high-contrast colours that read well in a plain 80x24 terminal."""

from textual.theme import Theme

WORKBENCH_THEME = Theme(
    name="workbench",
    primary="#3a7bd5",
    secondary="#2f9e8f",
    accent="#e0a526",
    warning="#e0a526",
    error="#e05252",
    success="#4caf50",
    foreground="#e6e6e6",
    background="#1b1d23",
    surface="#23262e",
    panel="#2c3040",
    boost="#2a2d36",
    dark=True,
    variables={
        "footer-key-foreground": "#e0a526",
        "block-cursor-background": "#3a7bd5",
        "block-cursor-foreground": "#ffffff",
        "input-selection-background": "#3a7bd5 40%",
    },
)
