"""core.compiled.RowReader: the queryset's .get(pk=…), compiled once per process."""

import threading
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.db.models import Count
from django.db.models.sql.compiler import SQLCompiler
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import TherapeuticArea
from challenges.models import Application, ApplicationDocument, DeadlineExtension
from core.compiled import RowReader
from tests import factories

pytestmark = pytest.mark.django_db
DEADLINE = 30.0  # seconds; no wait in this file is longer


def with_call():
    return Application.objects.select_related("challenge", "startup", "deadline_extension")


def row_of(obj) -> dict:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def application_with_everything() -> Application:
    """A submitted-looking row: JSON, dates and money set, with a deadline extension."""
    application = factories.ApplicationFactory(
        team_summary="세 명의 과학자",
        requested_grant_amount=30_000_000,
        eligibility_snapshot={"rules": [{"code": "seoul", "passed": True}]},
        consent_collection_at=timezone.now(),
    )
    DeadlineExtension.objects.create(
        application=application,
        closes_at=application.challenge.closes_at + timedelta(days=3),
        reason="Hospital strike",
    )
    return application


@pytest.mark.parametrize("extended", [True, False])
def test_the_read_is_the_querysets_get(extended):
    application = application_with_everything() if extended else factories.ApplicationFactory()
    expected = with_call().get(pk=application.pk)

    got = RowReader(with_call).get(application.pk)

    assert type(got) is Application
    assert row_of(got) == row_of(expected)
    assert got.eligibility_snapshot == expected.eligibility_snapshot  # converted, as the ORM does
    assert row_of(got.challenge) == row_of(expected.challenge)
    assert row_of(got.startup) == row_of(expected.startup)
    if extended:
        assert row_of(got.deadline_extension) == row_of(expected.deadline_extension)
    else:
        with pytest.raises(DeadlineExtension.DoesNotExist):
            got.deadline_extension  # noqa: B018 (known absent: no query)
    assert got._state.adding is False and got._state.db == "default"


def test_the_related_rows_come_with_it_and_later_reads_get_other_rows():
    reader = RowReader(with_call)
    first, second = factories.ApplicationFactory(), application_with_everything()
    reader.get(first.pk)

    with CaptureQueriesContext(connection) as queries:
        got = reader.get(second.pk)
        got.challenge.title_ko, got.startup.name, got.deadline_extension.reason  # noqa: B018

    assert got.pk == second.pk and got.challenge_id == second.challenge_id
    assert len(queries) == 1


def test_a_missing_row_is_the_models_does_not_exist():
    reader = RowReader(with_call)
    reader.get(factories.ApplicationFactory().pk)

    with pytest.raises(Application.DoesNotExist):
        reader.get(10**9)


@contextmanager
def compiling():
    """The models of the queries the ORM turns into SQL inside the block, in order."""
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", counting):
        yield compiled


def test_the_sql_is_compiled_on_the_first_read_only():
    reader = RowReader(with_call)
    applications = factories.ApplicationFactory.create_batch(3)

    with compiling() as compiled:
        read = [reader.get(application.pk).pk for application in applications]

    assert read == [application.pk for application in applications]
    assert compiled == [Application]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Application.objects.prefetch_related("documents"),
        lambda: Application.objects.annotate(documents_count=Count("documents")),
    ],
    ids=["prefetch", "annotate"],
)
def test_a_queryset_that_prefetches_or_annotates_is_refused(build):
    with pytest.raises(ValueError, match="columns only"):
        RowReader(build).get(factories.ApplicationFactory().pk)


def test_rows_by_a_column_are_the_querysets_filter_in_its_order():
    application, other = factories.ApplicationFactory(), factories.ApplicationFactory()
    for kind in ("pitch_deck", "business_plan", "pitch_deck"):
        factories.ApplicationDocumentFactory(application=application, kind=kind)
    factories.ApplicationDocumentFactory(application=other)
    reader = RowReader(
        lambda: ApplicationDocument.objects.select_related("uploaded_by"), by="application"
    )

    got = reader.all(application.pk)

    expected = ApplicationDocument.objects.filter(application=application.pk)
    assert [row_of(d) for d in got] == [row_of(d) for d in expected]
    assert [d.kind for d in got] == ["business_plan", "pitch_deck", "pitch_deck"]
    assert reader.all(10**9) == []
    with CaptureQueriesContext(connection) as queries:
        assert [d.application_id for d in reader.all(other.pk)] == [other.pk]
        got[0].uploaded_by  # noqa: B018 (selected with the row: no query)
    assert len(queries) == 1


def test_rows_across_a_many_to_many_relation_are_the_related_managers():
    challenge = factories.ChallengeFactory()
    areas = [factories.TherapeuticAreaFactory(sort_order=n) for n in (3, 1, 2)]
    challenge.therapeutic_areas.set(areas)
    factories.ChallengeFactory().therapeutic_areas.set(areas[:1])
    reader = RowReader(lambda: TherapeuticArea.objects.all(), by="challenges")

    got = reader.all(challenge.pk)

    assert [a.pk for a in got] == [a.pk for a in challenge.therapeutic_areas.all()]
    assert [a.sort_order for a in got] == [1, 2, 3]


def test_rows_by_a_column_are_compiled_once_and_never_read_with_get():
    reader = RowReader(lambda: ApplicationDocument.objects.all(), by="application")
    applications = factories.ApplicationFactory.create_batch(3)

    with compiling() as compiled:
        for application in applications:
            reader.all(application.pk)
    assert compiled == [ApplicationDocument]
    with pytest.raises(TypeError, match="all"):
        reader.get(applications[0].pk)


def locking():
    return with_call().select_for_update(of=("self",))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # autocommit, as in a view outside atomic()
def test_a_locking_read_outside_a_transaction_is_refused_every_time():
    reader = RowReader(locking)
    application = factories.ApplicationFactory()
    with pytest.raises(TransactionManagementError):
        reader.get(application.pk)  # compiling: the ORM refuses
    with transaction.atomic():
        reader.get(application.pk)

    with pytest.raises(TransactionManagementError):
        reader.get(application.pk)  # compiled already: the reader refuses


def locked_elsewhere(pk) -> bool:
    """Whether another connection finds the application's row locked (FOR UPDATE NOWAIT)."""
    outcome = []

    def probe():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM challenges_application WHERE id = %s FOR UPDATE NOWAIT", [pk]
                )
            outcome.append(False)
        except OperationalError:
            outcome.append(True)
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(timeout=DEADLINE)
    assert not thread.is_alive()
    return outcome[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_locking_read_holds_the_row_lock_until_the_transaction_ends():
    application = factories.ApplicationFactory()
    locked, plain = RowReader(locking), RowReader(with_call)
    for reader in (locked, plain):  # compiled before: the lock comes from the compiled SQL
        with transaction.atomic():
            reader.get(application.pk)

    with transaction.atomic():
        plain.get(application.pk)
        assert locked_elsewhere(application.pk) is False  # a plain read locks nothing
        locked.get(application.pk)
        assert locked_elsewhere(application.pk) is True
    assert locked_elsewhere(application.pk) is False
    assert connections["default"].in_atomic_block is False
