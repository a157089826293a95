"""Units of the district (departments, streets, communities) and who works in which unit in which role."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengwu.org.roles import Role


class Unit(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("区")
        PARTY = "party", _("党委部门")
        GOVERNMENT = "government", _("政府部门")
        VERTICAL = "vertical", _("垂直管理单位")
        STREET = "street", _("街道办事处")
        COMMUNITY = "community", _("社区")
        CENTRE = "centre", _("中心")
        OTHER = "other", _("其他")

    code = models.CharField(
        _("单位代码"),
        max_length=32,
        unique=True,
        help_text=_("短代码，例如 QFGJ（区发改局）、GY（桂园街道）"),
    )
    name = models.CharField(_("简称"), max_length=64, help_text=_("例如 区发改局"))
    full_name = models.CharField(
        _("全称"), max_length=128, blank=True, help_text=_("例如 深圳市罗湖区发展和改革局")
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    division_code = models.CharField(
        _("行政区划代码"), max_length=12, blank=True, help_text=_("区 6 位、街道 9 位，例如 440303001")
    )
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    contact_person = models.CharField(_("联系人"), max_length=32, blank=True, help_text=_("例如 王科长"))
    contact_phone = models.CharField(
        _("联系电话"), max_length=32, blank=True, help_text=_("例如 0755-25666666")
    )
    address = models.CharField(
        _("办公地址"), max_length=200, blank=True, help_text=_("例如 深圳市罗湖区文锦中路1008号")
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort", "code"]
        indexes = [models.Index(fields=["kind", "sort"], name="org_unit_kind_sort")]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="org_membership_unique_user_unit_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
