from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Membership, MembershipRequest


class MembershipRequestForm(forms.ModelForm):
    class Meta:
        model = MembershipRequest
        fields = ["message"]
        labels = {"message": _("Message to the organisation's administrators (optional)")}
        help_texts = {"message": _("Say who you are and what you do there, so they can recognise you.")}
        widgets = {"message": forms.Textarea(attrs={"rows": 5})}


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search organisations"), required=False, max_length=100)


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of the emails we send you"),
        choices=settings.LANGUAGES,
        help_text=_("Pages follow the language you choose in the menu; emails use this one."),
    )
