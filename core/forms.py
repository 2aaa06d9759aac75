"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError

# A primary key is a signed 64-bit integer. A larger number typed into a request makes SQLite
# raise OverflowError (and PostgreSQL a DataError) inside the field's own query: a 500.
PK_RANGE = range(-(2**63), 2**63)


def _out_of_range(value) -> bool:
    try:
        return int(str(value).strip()) not in PK_RANGE
    except ValueError:
        return False  # not a number at all: the field's own check refuses it


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """ModelMultipleChoiceField that refuses ids no database column can hold, with the
    field's own message instead of an error from the database."""

    def _check_values(self, value):
        for item in value:
            if _out_of_range(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)


class BoundedModelChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that refuses ids no database column can hold as an invalid choice."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
