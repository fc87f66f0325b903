from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class CareersConfig(domain.DomainConfig):
    name = "youthcity.careers"
    label = "careers"
    verbose_name = _("Jobs and internships")
    city_pack_order = 70
    navigation = (
        domain.Nav("portal", "careers:catalogue", _("Jobs and internships"), order=45, icon="bi-briefcase",
                   summary=_("Internships and jobs from verified employers, with living allowances.")),
        domain.Nav("portal", "careers:my-applications", _("My job applications"), visible="signed_in", order=46,
                   icon="bi-send-check", summary=_("Every application's status, and offers to accept.")),
        domain.Nav("portal", "careers:employer-home", _("Employer"), visible="employer_staff", order=47,
                   icon="bi-building", summary=_("Your positions, applicants, interns and allowance claims.")),
        domain.Nav("workbench", "careers:queue", _("Employers and internships"), visible="deciders", order=45),
        domain.Nav("dashboard", "careers:dashboard", _("Jobs and graduates staying"), visible="dashboard", order=45),
    )

    def ready(self) -> None:
        super().ready()
        from youthcity.accounts.permissions import is_employer_staff
        from youthcity.core import navigation

        navigation.register_check("employer_staff", lambda user: user.is_authenticated and is_employer_staff(user))
