from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clients.models import Client, Contact, Site


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0


@admin.register(Client)
class ClientAdmin(SimpleHistoryAdmin):
    list_display = ["name", "first_name", "kind", "city", "vat_number", "is_archived"]
    list_filter = ["kind", "language", "is_archived"]
    search_fields = ["name", "first_name", "vat_number", "email"]
    inlines = [ContactInline, SiteInline]
