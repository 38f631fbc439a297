from django.urls import path, register_converter

from records import views_hours as views
from records.converters import MonthConverter

register_converter(MonthConverter, "month")

urlpatterns = [
    path("", views.MonthsView.as_view(), name="month_list"),
    path("indemnite/", views.AllowanceRatesView.as_view(), name="allowance_rates"),
    path("<month:month>/tous/", views.SectorView.as_view(), name="statement_sector"),
    path(
        "<month:month>/filiere/<int:workshop>/",
        views.WorkshopMonthView.as_view(),
        name="statement_workshop",
    ),
    path(
        "<month:month>/filiere/<int:workshop>/releves-individuels/",
        views.StatementBatchView.as_view(),
        name="statement_batch",
    ),
    path(
        "<month:month>/filiere/<int:workshop>/frais/",
        views.TravelCostsView.as_view(),
        name="travel_costs",
    ),
    path(
        "<month:month>/stagiaire/<int:trainee>/",
        views.TraineeMonthView.as_view(),
        name="statement_trainee",
    ),
    path("<int:year>/filiere/<int:workshop>/", views.YearView.as_view(), name="statement_year"),
]
