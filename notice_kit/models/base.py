"""The base of every notice model: unknown fields refused, every assignment validated.

A script that edits a loaded package (``package.notice.date = "2025-03-25"``) gets the
value checked and converted where it is assigned — a wrong one raises
:class:`pydantic.ValidationError` there, never a ``TypeError`` later inside a renderer.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class NoticeModel(BaseModel):
    """A pydantic model that validates assignments and leaves itself unchanged when one
    is refused.

    pydantic runs the model's own checks (``model_validator(mode="after")``) after it has
    stored the new value, so a refused assignment would otherwise stay in place; here the
    model is put back as it was before the error propagates.
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in type(self).model_fields:
            super().__setattr__(name, value)
            return
        saved = dict(self.__dict__)
        fields_set = set(self.__pydantic_fields_set__)
        try:
            super().__setattr__(name, value)
        except ValidationError:
            self.__dict__.clear()
            self.__dict__.update(saved)
            object.__setattr__(self, "__pydantic_fields_set__", fields_set)
            raise
