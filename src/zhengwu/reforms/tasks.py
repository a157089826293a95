"""Background work of 改革督查 (django.tasks, run by `zhengwu worker`): take ids, call one service."""
