"""Background work of 改革督查 (django.tasks, run by `zhengwu worker`): take ids, call one service.

Reminders (催办) before due dates and when a report cycle is missed come with the workflow services."""
