"""Reads of one row by primary key, or of the rows that share a column's value, whose SQL is
compiled once per process.

Django turns a queryset into SQL every time it is evaluated. For most reads that is a small
part of the cost; for a wide read on a hot path it is most of it. The application step pages
read the application with its call, its startup and any deadline extension (84 columns over
four tables) on every request, and again row-locked when they save: compiling that read takes
about 1.7 ms of the 2.1 ms it costs, measured in one process; the deadline rush of `make bench`
runs it some 23 times per founder.

`RowReader` compiles such a read once per database alias, then runs the same SQL with another
primary key and builds the objects as the queryset would: the ORM's own compiler output, its
value converters and its related-object populators (what `ModelIterable` does). The SQL is the
queryset's, so the rows, the joins and the locks are exactly those of `.get(pk=…)`.

With `by`, a reader reads the rows whose `by` equals a value instead (`.filter(by=value)`, in
the queryset's order): the small reads a submission makes beside the application (its
documents, the call's areas and milestones), each some 0.4 ms to compile and 0.1 ms to run.

Only for a fixed shape: the queryset that `build` returns must not depend on anything that
changes while the process runs (the request, the language, the clock, a setting a test may
override), and may neither prefetch (prefetching runs its own queries after the rows) nor
annotate (only the model's columns and its related rows are built).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.transaction import TransactionManagementError

# A primary key no row has, compiled into the SQL where the real one goes.
_PLACEHOLDER = -7355608109


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slot: int  # where the primary key goes in params
    locks: bool  # SELECT … FOR UPDATE: only inside a transaction
    compiler: object
    converters: dict
    model: type[Model]
    model_columns: slice
    init_list: list[str]
    populators: list


class RowReader:
    """`RowReader(lambda: Model.objects.select_related(…)).get(pk)`: the queryset's
    `.get(pk=pk)`, compiled on the first call (per database alias) instead of on every one.
    `RowReader(lambda: Model.objects.all(), by="parent").all(parent_id)`: the queryset's
    `.filter(parent=parent_id)` as a list, likewise."""

    def __init__(self, build: Callable[[], QuerySet], *, by: str = "pk"):
        self._build = build
        self._by = by
        self._compiled: dict[str, _Compiled] = {}

    def get(self, pk, *, using: str = DEFAULT_DB_ALIAS) -> Model:
        """The row with primary key `pk`, with what the queryset selects with it; the model's
        DoesNotExist when there is none."""
        if self._by != "pk":
            raise TypeError(f"RowReader(by={self._by!r}) reads rows with all(), not get().")
        rows = self._read(pk, using)
        if not rows:
            raise self._compiled[using].model.DoesNotExist(
                f"{self._compiled[using].model._meta.object_name} matching query does not exist."
            )
        return rows[0]

    def all(self, value, *, using: str = DEFAULT_DB_ALIAS) -> list[Model]:
        """The rows whose `by` is `value`, in the queryset's order."""
        return self._read(value, using)

    def _read(self, value, using: str) -> list[Model]:
        connection = connections[using]
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compile(using)  # the ORM refuses a locking read in autocommit
        elif compiled.locks and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(compiled.params)
        params[compiled.slot] = value
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        objects = []
        for row in rows:
            obj = compiled.model.from_db(using, compiled.init_list, row[compiled.model_columns])
            for populator in compiled.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects

    def _compile(self, using: str) -> _Compiled:
        queryset = self._build()
        if queryset._prefetch_related_lookups or queryset.query.annotations:
            raise ValueError("RowReader reads columns only: prefetch or annotate after the row.")
        if self._by == "pk":
            queryset = queryset.filter(pk=_PLACEHOLDER).order_by()  # as .get() orders
        else:
            queryset = queryset.filter(**{self._by: _PLACEHOLDER})
        query = queryset.query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        if params.count(_PLACEHOLDER) != 1:
            raise ValueError(f"RowReader: the queryset's parameters hide the {self._by}.")
        select, klass_info = compiler.select, compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            slot=params.index(_PLACEHOLDER),
            locks=bool(query.select_for_update)
            and connections[using].features.has_select_for_update,
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            model=klass_info["model"],
            model_columns=slice(first, last),
            init_list=[column[0].target.attname for column in select[first:last]],
            populators=get_related_populators(klass_info, select, using),
        )
        self._compiled[using] = compiled
        return compiled
