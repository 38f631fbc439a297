from dataclasses import dataclass
from functools import reduce
from operator import or_

import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableData, TableQuerysetData
from django_tables2.utils import segment

from eft.fields import choices_rank
from eft.models import Workshop
from eft.params import clamped_int
from eft.templatetags.eft import money

MAX_PER_PAGE = 100
# How deep a list pages. A page's cost grows with its depth (the database
# skips every row before it), so past 5,000 rows at 25 a page the list asks
# for a filter instead: nobody reads page 1,900 of a list.
MAX_PAGES = 200


class CappedPaginator(Paginator):
    """A paginator that offers at most MAX_PAGES pages, and counts rows up to
    them; a deeper page number shows the last page offered.

    Over a ``NarrowPageData``, one query reads the ids of every row offered, in
    order (at most MAX_PAGES × per_page + 1): their number is the count, and any
    page's ids are a slice of them. The search or the filters then run once, and
    neither counting a large table nor skipping to a deep page grows with it."""

    @cached_property
    def count(self):
        data = getattr(self.object_list, "data", None)
        if isinstance(data, NarrowPageData):
            return len(data.window(self.limit + 1))
        return super().count

    @property
    def limit(self) -> int:
        return MAX_PAGES * self.per_page

    @cached_property
    def num_pages(self):
        return min(super().num_pages, MAX_PAGES)

    @property
    def capped(self) -> bool:
        return self.count > self.limit


class NarrowPageData(TableQuerysetData):
    """A page of a queryset in two steps: the ids first, sorted and skipped on
    the table alone (narrow rows, often the index alone), then only those rows,
    with their joins. Sorting the many rows of a broad search, or skipping those
    before a deep page, costs ids, not whole joined rows."""

    _window: list | None = None
    # The grouping's order, kept first whatever column the rows are sorted by.
    leading: tuple = ()

    def window(self, size: int) -> list:
        """The ids of the first ``size`` rows, in the table's order (read once)."""
        if self._window is None or self._window_size != size:
            self._window = list(self.data.values_list("pk", flat=True)[:size])
            self._window_size = size
        return self._window

    def order_by(self, aliases):
        self._window = None
        super().order_by(aliases)
        if self.leading:
            self.data = self.data.order_by(*self.leading, *self.data.query.order_by)

    def lead(self, leading: tuple) -> None:
        """Sort by ``leading`` first (the groups), then as the rows were."""
        self.leading = leading
        self._window = None
        order = self.data.query.order_by or self.data.model._meta.ordering
        self.data = self.data.order_by(*leading, *order)

    @property
    def ordering(self):
        """The sorted column (its arrow), read after the grouping's order."""
        if not self.leading:
            return super().ordering
        aliases = {column.order_by_alias: column.order_by for column in self.table.columns}
        try:
            return next(segment(self.data.query.order_by[len(self.leading) :], aliases))
        except StopIteration:
            return None

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self.data[key]
        return NarrowPage(self, key)


class NarrowPage:
    """The rows of one page, read when first used (like a sliced queryset)."""

    def __init__(self, data: NarrowPageData, key: slice):
        self.data, self.key = data, key
        self._rows = None

    def ids(self) -> list:
        window = self.data._window
        stop = self.key.stop
        if window is not None and stop is not None and stop <= self.data._window_size:
            return window[self.key]
        return list(self.data.data.values_list("pk", flat=True)[self.key])

    def rows(self) -> list:
        if self._rows is None:
            ids = self.ids()
            by_pk = {row.pk: row for row in self.by_ids(ids)} if ids else {}
            self._rows = [by_pk[pk] for pk in ids if pk in by_pk]
        return self._rows

    def by_ids(self, ids: list):
        """The rows of these ids with the list's joins and prefetches. The ids
        are the filter now (the search and the filters are not run again), unless
        the list annotates or de-duplicates rows: then it is kept as it is."""
        queryset = self.data.data
        if queryset.query.annotations or queryset.query.distinct or queryset.query.extra:
            return queryset.order_by().filter(pk__in=ids)
        rows = queryset.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = queryset.query.select_related
        rows.query.deferred_loading = queryset.query.deferred_loading
        return rows.prefetch_related(*queryset._prefetch_related_lookups)

    def __iter__(self):
        return iter(self.rows())

    def __len__(self):
        return len(self.rows())

    def __getitem__(self, index):
        return self.rows()[index]


@dataclass(frozen=True)
class GroupBy:
    """A way to group a list's rows (by status, workshop, client…): the rows are
    sorted by it first, and each group opens with its name and its number of
    rows. ``param`` is the filter that narrows the list to one group; ``order``,
    where given, the columns that sort the groups from an index (a choice's
    rank kept by the database, say), rather than an expression over all rows."""

    field: str
    label: str
    param: str | None = None
    order: tuple = ()

    def model_field(self, model):
        return model._meta.get_field(self.field)

    def order_by(self, model) -> tuple:
        if self.order:
            return self.order
        field = self.model_field(model)
        if field.choices and not field.is_relation:  # in the choices' order
            return (choices_rank(self.field, field.flatchoices),)
        return (self.field,)  # a relation: in the related model's own order

    def columns(self) -> tuple:
        """The columns that tell the groups apart, and count them: the order's
        where given (read from the same index), else the field's."""
        return self.order or (self.field,)

    def key(self, record) -> tuple:
        model = type(record)
        return tuple(getattr(record, model._meta.get_field(c).attname) for c in self.columns())

    def value(self, record):
        """The group's value for its filter (``param``)."""
        return getattr(record, self.model_field(type(record)).attname)

    def name(self, record) -> str:
        field = self.model_field(type(record))
        value = getattr(record, field.name)
        if value is None or value == "":
            return str(_("(none)"))
        if field.choices and not field.is_relation:
            return str(getattr(record, f"get_{field.name}_display")())
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        return str(value)

    def counts(self, queryset, keys: set) -> dict:
        """Each group's number of rows (the whole list's, not the page's), for
        the groups on the page (their ``key``): one query."""
        columns = self.columns()
        if not keys:
            return {}
        if len(columns) == 1:
            values = {key[0] for key in keys}
            found = Q(**{f"{columns[0]}__in": [v for v in values if v is not None]})
            if None in values:
                found |= Q(**{f"{columns[0]}__isnull": True})
        else:  # (None matches as IS NULL)
            found = reduce(or_, (Q(**dict(zip(columns, key, strict=True))) for key in keys))
        if queryset.query.annotations or queryset.query.distinct:  # counted on the rows alone
            queryset = queryset.model._default_manager.filter(pk__in=queryset.values("pk"))
        rows = queryset.order_by().filter(found).values(*columns).annotate(rows=Count("pk"))
        return {tuple(row[c] for c in columns): row["rows"] for row in rows}


@dataclass
class GroupHeader:
    name: str
    count: int
    url: str | None


class SelectColumn(tables.Column):
    """A checkbox on each row for the list's bulk actions; the checkboxes
    belong to the ``bulk`` form above the table (``form="bulk"``)."""

    def __init__(self, **kwargs):
        super().__init__(
            accessor="pk",
            verbose_name=_("Selection"),
            orderable=False,
            empty_values=(),
            exclude_from_export=True,
            attrs={
                "th": {"class": "select", "data-select-all": _("Tick every row of this page")},
                "td": {"class": "select"},
            },
            **kwargs,
        )

    def render(self, record):
        return format_html(
            '<input type="checkbox" name="id" value="{}" form="bulk" aria-label="{}">',
            record.pk,
            _("Select %(name)s") % {"name": record},
        )


class Table(tables.Table):
    """Every list's table: ``?per_page=`` is kept within 1 … 100 (never all rows),
    ``?page=`` within the first MAX_PAGES pages, and a page is read in two
    steps (``NarrowPageData``). Its rows may be grouped (``grouping``)."""

    def __init__(self, data=None, *args, grouping: GroupBy | None = None, **kwargs):
        if not isinstance(data, TableData) and TableQuerysetData.validate(data):
            data = NarrowPageData(data)
        if grouping is not None and isinstance(data, NarrowPageData):
            data.lead(grouping.order_by(data.data.model))
        else:
            grouping = None
        self.grouping = grouping
        super().__init__(data, *args, **kwargs)

    @property
    def grouped_rows(self) -> list:
        """The page's rows, each group's first one with its header."""
        rows = list(self.paginated_rows)
        if self.grouping is None:
            return [(None, row) for row in rows]
        keys = [self.grouping.key(row.record) for row in rows]
        counts = self.grouping.counts(self.data.data, set(keys))
        query = self.request.GET.copy() if getattr(self, "request", None) else None
        grouped, previous = [], object()
        for key, row in zip(keys, rows, strict=True):
            header = None
            if key != previous:
                url = None
                value = self.grouping.value(row.record)
                if self.grouping.param and query is not None and value is not None:
                    query.setlist(self.grouping.param, [str(value)])
                    query.pop("page", None)
                    url = "?" + query.urlencode()
                header = GroupHeader(self.grouping.name(row.record), counts.get(key, 0), url)
                previous = key
            grouped.append((header, row))
        return grouped

    def paginate(self, paginator_class=CappedPaginator, per_page=None, page=1, *args, **kwargs):
        per_page = clamped_int(str(per_page), default=25, low=1, high=MAX_PER_PAGE)
        if paginator_class is Paginator:
            paginator_class = CappedPaginator
        return super().paginate(paginator_class, per_page, page, *args, **kwargs)


class WorkshopTable(Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    trade = tables.Column(verbose_name=_("Trade"))
    capacity = tables.Column(verbose_name=_("Capacity"))
    max_trainees_per_trainer = tables.Column(verbose_name=_("Trainees per trainer"))
    default_hourly_rate = tables.Column(verbose_name=_("Hourly rate"))
    is_active = tables.BooleanColumn(verbose_name=_("Active"), yesno="✔,")

    class Meta:
        model = Workshop
        fields = [
            "name",
            "trade",
            "capacity",
            "max_trainees_per_trainer",
            "default_hourly_rate",
            "is_active",
        ]

    def render_default_hourly_rate(self, value):
        return money(value)
