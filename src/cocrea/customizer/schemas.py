"""JSON shapes of customizable products and members' designs in the REST API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict

from cocrea.api.common import MAX_ID
from cocrea.api.pagination import Page


class OptionOut(Schema):
    id: int
    label: str
    kind: str
    colour: str
    material: str
    price_delta: Decimal


class PartOut(Schema):
    id: int
    name: str
    options: list[OptionOut]


class ProductOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    base_price: Decimal
    currency: str
    text_label: str
    text_max_length: int  # 0: no personalisation text
    text_price: Decimal
    parts: list[PartOut]


class ProductPage(Page):
    items: list[ProductOut]


class DesignOut(Schema):
    id: int
    product_id: int
    title: str
    choices: dict[str, int]  # {"<part id>": <option id>}
    text: str
    price: Decimal
    currency: str
    status: str
    created_at: datetime
    updated_at: datetime


class DesignPage(Page):
    items: list[DesignOut]


Choices = dict[str, Annotated[int, Field(ge=1, le=MAX_ID)]]


class DesignIn(Schema):
    product_id: int = Field(..., ge=1, le=MAX_ID)
    title: str = Field(..., max_length=120)
    choices: Choices = Field(..., description='{"<part id>": <option id>}', max_length=50)
    text: str = Field("", max_length=60, description="Personalisation text, if the product has it")
    status: Literal["saved", "draft"] = "saved"

    # The example (in the docs, and the fuzz run's first request: its seed has these ids).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"product_id": 1, "title": "Sunrise mug", "choices": {"1": 2}, "status": "saved"}
            ]
        }
    )


class DesignPatch(Schema):
    title: str = Field(..., max_length=120)
    choices: Choices = Field(..., max_length=50)
    text: str = Field("", max_length=60)
    status: Literal["saved", "draft"] = "saved"

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"title": "Sunrise mug", "choices": {"1": 1}, "status": "saved"}]
        }
    )
