from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import MemberPage
from tracker.models import Organisation

from .models import NetworkMember, NetworkRole


class JoinRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Through your organisation"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("People join a network through their organisation."),
    )
    message = forms.CharField(
        label=_("Message to the network's administrators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say who you are and what you work on, so they can recognise you."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class PersonRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=NetworkRole.choices)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the network"), choices=NetworkMember.Role.choices)


class MemberAddForm(forms.Form):
    ogp_member = forms.ModelChoiceField(
        label=_("OGP member"), queryset=MemberPage.objects.live().order_by("title"), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("or organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    role = forms.ChoiceField(label=_("Role in the network"), choices=NetworkMember.Role.choices)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("ogp_member")) == bool(cleaned.get("organisation")):
            raise forms.ValidationError(_("Choose either an OGP member or an organisation."))
        return cleaned
