import django_tables2 as tables
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableData, TableQuerysetData

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

    def window(self, size: int) -> list:
        """The ids of the first ``size`` rows, in the table's order (read once)."""
        if self._window is None or self._window_size != size:
            self._window = list(self.data.values_list("pk", flat=True)[:size])
            self._window_size = size
        return self._window

    def order_by(self, aliases):
        self._window = None
        super().order_by(aliases)

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


class Table(tables.Table):
    """Every list's table: ``?per_page=`` is kept within 1 … 100 (never all rows),
    ``?page=`` within the first MAX_PAGES pages, and a page is read in two
    steps (``NarrowPageData``)."""

    def __init__(self, data=None, *args, **kwargs):
        if not isinstance(data, TableData) and TableQuerysetData.validate(data):
            data = NarrowPageData(data)
        super().__init__(data, *args, **kwargs)

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
