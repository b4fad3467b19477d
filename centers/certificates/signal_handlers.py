"""The certificates follow the participants' screen: attendance unmarked there revokes the certificate at once."""

from django.db.models.signals import post_save

from centers.certificates.issuing import follow_attendance
from centers.events.models.registrations import Registration


def attendance_changed(sender, instance, update_fields=None, **kwargs):
    """Only saves that change attendance or status touch certificates, so other saves cost no extra query."""
    if update_fields and ({"attended", "status"} & set(update_fields)):
        follow_attendance(instance)


def register_signal_handlers():
    post_save.connect(attendance_changed, sender=Registration, dispatch_uid="centers.certificates.attendance")
