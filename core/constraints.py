"""Unique constraints that explain themselves beside the field a person has to change."""

from django.core.exceptions import NON_FIELD_ERRORS, FieldError, ValidationError
from django.db import models, router
from django.forms.models import BaseInlineFormSet


class UniqueErrorsBesideFields:
    """Model mixin: a violated `UniqueConstraint` is reported on a field, not atop the form.

    Django files a constraint's error under a field only when the constraint has exactly one
    field and the code "unique"; a constraint over two fields (a startup within a call, a
    weekday within a room) or over an expression (`Lower("email")`) lands in the form's
    non-field errors, away from the input to correct. Here it goes to the constraint's last
    field, the one chosen within the others, or to the field named in
    `unique_error_fields[constraint.name]`. The message is the constraint's own
    `violation_error_message` (translatable), so a raw constraint name is never shown.
    """

    unique_error_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors: dict = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self._unique_error_field(constraint)
                    if field:
                        errors.setdefault(field, []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _unique_error_field(self, constraint) -> str | None:
        if not isinstance(constraint, models.UniqueConstraint):
            return None
        field = self.unique_error_fields.get(constraint.name)
        if field is None and constraint.fields:
            field = constraint.fields[-1]
        return field if field != NON_FIELD_ERRORS else None


class UniqueErrorsBesideFieldsFormSet(BaseInlineFormSet):
    """Inline rows (the admin's): a duplicate row is told beside its field, in its own words.

    Django checks the rows of an inline only against one another, only for constraints without
    a condition, and says "Please correct the duplicate values below." atop the row; it never
    asks the database about a constraint that includes the parent's foreign key, so a
    conditional one (one room closed twice on a date) ended as an IntegrityError. Here each row
    is checked against the rows above it and, when changed, against the database, and the
    message is the constraint's `violation_error_message` beside its field (see
    UniqueErrorsBesideFields, which the model must use).
    """

    def validate_unique(self):
        model = self.model
        constraints = [
            constraint
            for constraint in model._meta.constraints
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields
        ]
        seen: set = set()
        for form in self.forms:
            if not form.is_valid() or (self.can_delete and self._should_delete_form(form)):
                continue
            instance = form.instance
            for constraint in constraints:
                values = tuple(
                    getattr(instance, model._meta.get_field(name).attname)
                    for name in constraint.fields
                )
                if None in values or not self._condition_holds(constraint, instance):
                    continue
                key = (constraint.name, values)
                if key in seen:
                    form.add_error(
                        instance._unique_error_field(constraint),
                        ValidationError(constraint.get_violation_error_message(), code="unique"),
                    )
                seen.add(key)
            if form.is_valid() and form.has_changed():
                # The database, with the parent included (Django leaves it out for inlines).
                exclude = form._get_validation_exclusions() - {self.fk.name}
                try:
                    instance.validate_constraints(exclude=exclude)
                except ValidationError as error:
                    form._update_errors(error)

    @staticmethod
    def _condition_holds(constraint, instance) -> bool:
        if constraint.condition is None:
            return True
        against = instance._get_field_expression_map(meta=instance._meta)
        try:
            return constraint.condition.check(against)
        except FieldError:
            return True
