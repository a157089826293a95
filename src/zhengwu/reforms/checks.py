"""System checks of 改革督查 (stable ids reforms.E001…): configuration the app cannot run without."""

from django.core import checks

from zhengwu.core.conf import setting


@checks.register()
def page_size_is_positive(app_configs, **kwargs):
    size = setting("REFORMS_PAGE_SIZE")
    if not isinstance(size, int) or size < 1:
        return [checks.Error(f"REFORMS_PAGE_SIZE must be a positive integer, not {size!r}",
                             id="reforms.E001")]
    return []
