"""Reads of one row by primary key whose SQL is compiled once per process.

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
    `.get(pk=pk)`, compiled on the first call (per database alias) instead of on every one."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._compiled: dict[str, _Compiled] = {}

    def get(self, pk, *, using: str = DEFAULT_DB_ALIAS) -> Model:
        """The row with primary key `pk`, with what the queryset selects with it; the model's
        DoesNotExist when there is none."""
        connection = connections[using]
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compile(using)  # the ORM refuses a locking read in autocommit
        elif compiled.locks and connection.get_autocommit():
            raise TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        params = list(compiled.params)
        params[compiled.slot] = pk
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        if not rows:
            raise compiled.model.DoesNotExist(
                f"{compiled.model._meta.object_name} matching query does not exist."
            )
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        row = rows[0]
        obj = compiled.model.from_db(using, compiled.init_list, row[compiled.model_columns])
        for populator in compiled.populators:
            populator.populate(row, obj)
        return obj

    def _compile(self, using: str) -> _Compiled:
        queryset = self._build()
        if queryset._prefetch_related_lookups or queryset.query.annotations:
            raise ValueError("RowReader reads columns only: prefetch or annotate after the row.")
        query = queryset.filter(pk=_PLACEHOLDER).order_by().query  # as .get() orders
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        params = list(params)
        if params.count(_PLACEHOLDER) != 1:
            raise ValueError("RowReader: the queryset's parameters hide the primary key.")
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
