"""Lists (an article's tags, a speaker's aliases) edited as lists: one item a line."""

import json
from typing import Any

from django import forms


class LinesField(forms.JSONField):
    """A list of strings in a text box, one a line; blank lines are dropped. A value
    written as a JSON list, as the box showed lists before, is read as that list."""

    widget = forms.Textarea(attrs={"rows": 3})
    default_help_text = "One a line."

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        kwargs["help_text"] = kwargs.get("help_text") or self.default_help_text
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # JSON, not text
        if isinstance(value, list):
            return [str(item) for item in value]
        text = str(value or "").strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except json.JSONDecodeError:
                parsed = None
            if isinstance(parsed, list):
                return [str(item).strip() for item in parsed if str(item).strip()]
        return [line.strip() for line in text.splitlines() if line.strip()]

    def bound_data(self, data: Any, initial: Any) -> Any:
        return self.to_python(data) if not self.disabled else initial

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                return value
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return "" if value is None else str(value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial or []) != self.to_python(data)
