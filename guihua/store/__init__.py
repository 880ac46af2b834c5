"""The store: plans, document versions, outlines, statements under review, the indicator registry,
actual values, departments, projects and an append-only audit log, in SQLite or PostgreSQL.

Modules:
    repository  the public API (`open_store(url) -> Store`); all SQL lives there
    records     the plain records the repository returns
    schema      the tables; migrations/ builds them (Alembic, run by `migrate`)
    settings    `--db URL` / $GUIHUA_DATABASE_URL / ./guihua.db
    ingest      read + outline + extract + store a plan file
    actuals     CSV/XLSX import of actual values (all rows or none), mapping files
    units       unit conversion within a dimension
    exchange    lossless JSON export / restore
    milestones_repo  SQL of milestone events (date, outcome, evidence) that monitoring judges milestones by
    domains     domain suggestion (经济发展 / 创新驱动 / 民生福祉 / 资源环境)
    demo        the bundled Hengyang demo database
"""
