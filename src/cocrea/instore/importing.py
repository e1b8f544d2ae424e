"""Stores and products imported from a CSV or Excel (XLSX) file, with a line-numbered report.

The first line names the columns (see docs/instore.md). Each line goes through the same service
as the console's form (``store_save``/``product_save``): a line whose code or reference already
exists updates that row, a new one creates it, a bad one is reported with its line number and
the reason, and the good lines are kept. Importing the same file twice changes nothing more.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from cocrea.brands.models import Brand, Membership
from cocrea.core.errors import DomainError
from cocrea.core.text import clean_text, has_nul
from cocrea.instore.models import Product, Store
from cocrea.instore.services import ProductData, StoreData, product_save, store_save

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000
STORE_COLUMNS = ["code", "name_fr", "name_en", "city", "region", "time_zone",
                 "opening_hours_fr", "opening_hours_en"]  # fmt: skip
PRODUCT_COLUMNS = ["sku", "name_fr", "name_en", "category_fr", "category_en", "price",
                   "currency", "status"]  # fmt: skip


@dataclass
class Line:
    number: int
    outcome: str  # created, updated, refused
    key: str = ""
    message: str = ""


@dataclass
class Report:
    lines: list[Line] = field(default_factory=list)
    error: str = ""  # the whole file was refused

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def created_count(self) -> int:
        return self.count("created")

    @property
    def updated_count(self) -> int:
        return self.count("updated")

    @property
    def refused_count(self) -> int:
        return self.count("refused")

    @property
    def refused(self) -> list[Line]:
        return [line for line in self.lines if line.outcome == "refused"]


class FileRefused(Exception):
    pass


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        yield number, [_cell(value) for value in row]


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise FileRefused(_("This Excel file cannot be read.")) from error
    sheet = book.worksheets[0]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, [_cell(value) for value in row]
    book.close()


def read_rows(upload: UploadedFile) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's lines as ``(line number, {column: value})``, the header being line 1."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise FileRefused(_("The file is larger than 2 MB."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRefused(_("The file is larger than 2 MB."))
    rows = _xlsx_rows(data) if data[:2] == b"PK" else _csv_rows(data)
    header: list[str] | None = None
    for number, row in rows:
        if header is None:
            header = [name.lower().strip() for name in row]
            continue
        if number > MAX_LINES + 1:
            raise FileRefused(_("The file has more than 5,000 lines: split it."))
        if any(row):
            yield number, dict(zip(header, row, strict=False))
    if header is None:
        raise FileRefused(_("The file is empty."))


def _import(upload: UploadedFile, key: str, save: Callable[[dict[str, str]], str]) -> Report:
    report = Report()
    try:
        for number, row in read_rows(upload):
            report.lines.append(_line(number, row, key, save))
    except FileRefused as error:
        report.error = str(error)
    return report


def _line(number: int, row: dict[str, str], key: str, save: Callable[[dict], str]) -> Line:
    if any(has_nul(value) for value in row.values()):
        return Line(number, "refused", "", _("A cell contains a NUL character."))
    try:
        return Line(number, save(row), row.get(key, ""))
    except DomainError as error:
        where = f"{error.field}: " if error.field else ""
        return Line(number, "refused", row.get(key, ""), where + str(error.message))


def import_stores(*, actor: Membership, brand: Brand, upload: UploadedFile) -> Report:
    def save(row: dict[str, str]) -> str:
        name_fr = row.get("name_fr") or row.get("name", "")
        data = StoreData(
            code=row.get("code", ""), name_fr=name_fr, name_en=row.get("name_en", ""),
            city=row.get("city", ""), region=row.get("region", ""),
            time_zone=row.get("time_zone") or "Europe/Paris",
            opening_hours_fr=row.get("opening_hours_fr", ""),
            opening_hours_en=row.get("opening_hours_en", ""),
        )  # fmt: skip
        existing = Store.objects.filter(brand=brand, code=data.code.strip()).first()
        store_save(actor=actor, brand=brand, data=data, store=existing)
        return "updated" if existing else "created"

    return _import(upload, "code", save)


def _price(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        return Decimal(value.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise DomainError(_("This price is not a number."), field="price") from None


def import_products(*, actor: Membership, brand: Brand, upload: UploadedFile) -> Report:
    def save(row: dict[str, str]) -> str:
        data = ProductData(
            sku=row.get("sku", ""), name_fr=row.get("name_fr") or row.get("name", ""),
            name_en=row.get("name_en", ""),
            category_fr=row.get("category_fr") or row.get("category", ""),
            category_en=row.get("category_en", ""), price=_price(row.get("price", "")),
            currency=row.get("currency") or "EUR",
            status=row.get("status") or Product.Status.ACTIVE,
        )  # fmt: skip
        existing = Product.objects.filter(brand=brand, sku=data.sku.strip()).first()
        if existing is not None:
            data.customizer_product_id = existing.customizer_product_id
        product_save(actor=actor, brand=brand, data=data, product=existing)
        return "updated" if existing else "created"

    return _import(upload, "sku", save)
