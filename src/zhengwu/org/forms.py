"""The org pages' forms: each page form validated in one place (no request.POST.get in views)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    """A unit's contact details (services.unit_update_contact checks who may change them)."""

    contact_person = forms.CharField(label=_("联系人"), max_length=32, required=False)
    contact_phone = forms.CharField(label=_("联系电话"), max_length=32, required=False)
    address = forms.CharField(label=_("办公地址"), max_length=200, required=False)
