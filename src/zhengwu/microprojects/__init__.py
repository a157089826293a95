"""民生微实事 — residents' micro-projects (罗府办函〔2016〕132号): for now the pure core (standard, rules)
and the `zhengwu microprojects assess` command; models, services and pages follow the system skeleton."""
