"""Forms read and type what people send; the rules live in the services and permissions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cocrea.campaigns.models import Campaign, Category, Tag
from cocrea.core.forms import MarkdownEditor, MarkdownField
from cocrea.core.images import validate_image
from cocrea.core.texts import text_marked
from cocrea.ideas.comment_services import COMMENT_MAX
from cocrea.ideas.models import Idea
from cocrea.ideas.selectors import SORTS, IdeaFilters
from cocrea.ideas.services import BODY_MAX, MAX_IMAGES, TITLE_MAX


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several images in one input, each checked by content and size."""

    widget = MultipleImageInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(MultipleImageField, self).clean(item, initial) for item in files]
        if len(files) > MAX_IMAGES:
            raise ValidationError(_("You can attach at most %(max)d images.") % {"max": MAX_IMAGES})
        for upload in files:
            validate_image(upload)
        return files


class IdsField(forms.ModelMultipleChoiceField):
    """Ids too long for a 64-bit column are invalid choices, not a database error (SQLite
    raises OverflowError on ``pk__in`` with such a number)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if len(str(pk)) > 18:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:20]},
                )
        return super().clean(value)


class MarkedChoiceField(forms.ModelChoiceField):
    """A brand's category by its name in the reader's language, else the other one, marked."""

    def label_from_instance(self, obj: Any) -> str:
        return text_marked(obj, "name")


class MarkedIdsField(IdsField):
    def label_from_instance(self, obj: Any) -> str:
        return text_marked(obj, "name")


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = MarkdownField(
        label=_("Describe your idea"),
        max_length=BODY_MAX,
        widget=MarkdownEditor(attrs={"rows": 10}),
        help_text=_("What problem does it solve, for whom, and how?"),
    )
    category = MarkedChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    tags = MarkedIdsField(
        label=_("Tags"),
        queryset=Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    images = MultipleImageField(
        label=_("Images"),
        required=False,
        help_text=_("Up to 3 images (JPEG, PNG, WebP or GIF)."),
    )

    def __init__(self, *args: Any, campaign: Campaign, idea: Idea | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = campaign.categories.all()  # type: ignore[attr-defined]
        self.fields["tags"].queryset = Tag.objects.filter(brand_id=campaign.brand_id)  # type: ignore[attr-defined]
        if not campaign.categories.all():
            del self.fields["category"]
        if idea is not None and idea.pk:
            self.fields["remove_images"] = IdsField(
                label=_("Remove images"),
                queryset=idea.images.all(),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "category": data.get("category"),
            "tags": list(data.get("tags") or ()),
            "images": data.get("images") or [],
        }


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, n) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )


class IdeaFilterForm(forms.Form):
    """The list's query string. Bad values fall back to the defaults instead of failing."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("trending", _("Trending")),
            ("supported", _("Most supported")),
            ("newest", _("Newest")),
            ("answered", _("Recently answered")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Idea.Status.choices]
    )
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int)
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args: Any, campaign: Campaign, tags: list[Tag], **kwargs: Any):
        super().__init__(*args, **kwargs)
        categories = [(c.pk, text_marked(c, "name")) for c in campaign.categories.all()]
        self.fields["category"].choices = [("", _("All categories")), *categories]  # type: ignore[attr-defined]
        tag_choices = [(t.slug, text_marked(t, "name")) for t in tags]
        self.fields["tag"].choices = [("", _("All tags")), *tag_choices]  # type: ignore[attr-defined]

    def filters(self) -> IdeaFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        sort = data.get("sort", "trending")
        return IdeaFilters(
            sort=sort if sort in SORTS else "trending",
            status=data.get("status", ""),
            category=data.get("category"),
            tag=data.get("tag", ""),
            q=" ".join(str(data.get("q", "")).split()),
        )

    def page_number(self) -> int:
        self.is_valid()
        return int(self.cleaned_data.get("page") or 1)
