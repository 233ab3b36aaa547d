"""Writes that e-mail a campaign's stakeholder groups: invitations with personal links, and
reminders. Each checks permission, is audited, and queues its e-mails (`core.jobs.emails_enqueue`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from statewide.core.audit import audit_record
from statewide.core.errors import ApplicationError
from statewide.core.jobs import emails_enqueue
from statewide.core.models import Job
from statewide.core.permissions import Actor
from statewide.selfassessment.models import Campaign, CampaignStatus, Respondent, StakeholderGroup
from statewide.selfassessment.permissions import campaign_policy


def _invitation(campaign: Campaign, group: StakeholderGroup, link: str) -> tuple[str, str]:
    subject = _("Your invitation: %(title)s") % {"title": campaign.title}
    n = campaign.threshold
    body = (
        _(
            'You are invited to take part in the %(state)s self-assessment "%(title)s" as a member of the group "%(group)s".\n\n'
            "Your personal link (keep it private; it lets you save and come back):\n%(link)s"
        )
        % {"state": campaign.jurisdiction.name, "title": campaign.title, "group": group.name, "link": link}
        + "\n\n"
        + ngettext(
            "Your answers are reported only in groups of at least %(n)s person.", "Your answers are reported only in groups of at least %(n)s people.", n
        )
        % {"n": n}
    )
    return subject, body


def _reminder(campaign: Campaign, group: StakeholderGroup, join_link: str) -> tuple[str, str]:
    closes = campaign.closes_on.isoformat()
    subject = _("Reminder: %(title)s closes on %(date)s") % {"title": campaign.title, "date": closes}
    body = _(
        'The %(state)s self-assessment "%(title)s" closes on %(date)s.\n\n'
        "If you have started, open the personal link from your invitation e-mail to finish and submit. "
        'If you have not started, you can begin with the link for the group "%(group)s":\n%(link)s'
    ) % {"state": campaign.jurisdiction.name, "title": campaign.title, "date": closes, "group": group.name, "link": join_link}
    return subject, body


def invitations_send(*, actor: Actor, group: StakeholderGroup, emails: Sequence[str], link_for: Any, language: str = "en") -> Job:
    """Queue an e-mail with a personal link to each address, written in `language` (the respondents'
    language, chosen by the sender). Addresses are used to send only, never stored: they live in the
    queued job until it has sent them, then the job's input is emptied."""
    campaign = group.campaign
    campaign_policy.require(actor, "manage", campaign)
    if campaign.status == CampaignStatus.CLOSED:
        raise ApplicationError(_("The campaign is closed."), fields={"emails": [_("The campaign is closed.")]})
    with transaction.atomic():
        respondents = Respondent.objects.bulk_create([Respondent(campaign=campaign, group=group) for _e in emails])
        audit_record(
            actor=actor, action="selfassessment_group.invite", obj=group, after={"personal_links": len(emails)}, scope_state=campaign.jurisdiction.usps
        )
        messages = []
        with translation.override(_language(language)):
            for email, respondent in zip(emails, respondents, strict=True):
                subject, body = _invitation(campaign, group, link_for(respondent))
                messages.append({"to": email, "subject": subject, "body": body})
        return emails_enqueue(
            actor=actor,
            kind="selfassessment.invitations",
            label=_("Invitations to %(group)s (%(title)s)") % {"group": group.name, "title": campaign.title},
            messages=messages,
            scope_state=campaign.jurisdiction.usps,
            next_url=reverse("selfassessment:campaign", args=[campaign.public_id]),
        )


def reminders_send(*, actor: Actor, group: StakeholderGroup, emails: Sequence[str], join_link: str, language: str = "en") -> Job:
    """Queue a reminder to each address, in `language`: the closing date and the group link (personal
    links are not tied to addresses, so the reminder points people back to the e-mail that carried theirs)."""
    campaign = group.campaign
    campaign_policy.require(actor, "manage", campaign)
    if campaign.status != CampaignStatus.OPEN:
        raise ApplicationError(_("Reminders can be sent only while the campaign is open."), fields={"emails": [_("The campaign is not open.")]})
    with translation.override(_language(language)):
        subject, body = _reminder(campaign, group, join_link)
    with transaction.atomic():
        audit_record(actor=actor, action="selfassessment_group.remind", obj=group, after={"reminders": len(emails)}, scope_state=campaign.jurisdiction.usps)
        return emails_enqueue(
            actor=actor,
            kind="selfassessment.reminders",
            label=_("Reminders to %(group)s (%(title)s)") % {"group": group.name, "title": campaign.title},
            messages=[{"to": e, "subject": subject, "body": body} for e in emails],
            scope_state=campaign.jurisdiction.usps,
            next_url=reverse("selfassessment:campaign", args=[campaign.public_id]),
        )


def _language(code: str) -> str:
    """`code` if the platform offers that language; a field error otherwise."""
    if code not in dict(settings.LANGUAGES):
        raise ApplicationError(_("Choose a language the platform offers."), fields={"language": [_("Not offered.")]})
    return code
