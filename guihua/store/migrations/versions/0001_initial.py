"""Initial schema: plans, versions, outline nodes, indicators, departments, statements,
observations, projects, audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=100), nullable=True),
    sa.Column('at', sa.String(length=32), nullable=False, comment='时间'),
    sa.Column('user', sa.String(length=100), nullable=False, comment='用户'),
    sa.Column('action', sa.String(length=30), nullable=False, comment='操作'),
    sa.Column('entity', sa.String(length=30), nullable=False, comment='对象'),
    sa.Column('entity_id', sa.String(length=100), nullable=False, comment='对象标识'),
    sa.Column('field', sa.String(length=50), nullable=True, comment='字段'),
    sa.Column('old', sa.Text(), nullable=True, comment='原值'),
    sa.Column('new', sa.Text(), nullable=True, comment='新值'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_entity', 'audit_log', ['entity', 'entity_id'], unique=False)
    op.create_index('ix_audit_plan', 'audit_log', ['plan_id'], unique=False)
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    op.create_table('plans',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('current_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False, comment='指标键'),
    sa.Column('name', sa.Text(), nullable=False, comment='指标名称'),
    sa.Column('aliases_json', sa.Text(), nullable=False, comment='别名'),
    sa.Column('unit', sa.String(length=50), nullable=True, comment='单位'),
    sa.Column('domain', sa.String(length=50), nullable=True, comment='领域'),
    sa.Column('attribute', sa.String(length=10), nullable=True, comment='属性'),
    sa.Column('origin', sa.String(length=10), nullable=False, comment='来源'),
    sa.Column('note', sa.Text(), nullable=True, comment='备注'),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'key', name='uq_indicators_plan_key')
    )
    op.create_table('plan_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=100), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('encoding', sa.String(length=32), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('raw_text', sa.Text(), nullable=False),
    sa.Column('repairs_json', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('period_source', sa.Text(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'number', name='uq_plan_versions_plan_number')
    )
    op.create_table('indicator_departments',
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], ),
    sa.PrimaryKeyConstraint('indicator_id', 'department_id')
    )
    op.create_table('nodes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('parent_key', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_nodes_version', 'nodes', ['version_id'], unique=False)
    op.create_table('observations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=100), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=9), nullable=False, comment='年份或时期'),
    sa.Column('year_start', sa.Integer(), nullable=False),
    sa.Column('year_end', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=10), nullable=False, comment='度量'),
    sa.Column('value', sa.Double(), nullable=True, comment='数值'),
    sa.Column('values_json', sa.Text(), nullable=True, comment='结构值'),
    sa.Column('value_text', sa.Text(), nullable=False, comment='原始数值'),
    sa.Column('unit', sa.String(length=100), nullable=True, comment='发布单位'),
    sa.Column('value_converted', sa.Double(), nullable=True, comment='换算值'),
    sa.Column('unit_converted', sa.String(length=50), nullable=True, comment='换算单位'),
    sa.Column('source_indicator', sa.Text(), nullable=True, comment='原指标名'),
    sa.Column('source', sa.Text(), nullable=True, comment='来源'),
    sa.Column('quote', sa.Text(), nullable=True, comment='来源原文'),
    sa.Column('note', sa.Text(), nullable=True, comment='说明'),
    sa.Column('is_conflict', sa.Boolean(), nullable=False, comment='数据冲突'),
    sa.Column('is_not_comparable', sa.Boolean(), nullable=False, comment='不可比'),
    sa.Column('comparability_reason', sa.Text(), nullable=True, comment='不可比原因'),
    sa.Column('import_file', sa.Text(), nullable=True, comment='导入文件'),
    sa.Column('import_line', sa.Integer(), nullable=True, comment='导入行号'),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_observations_indicator', 'observations', ['indicator_id', 'year_end'], unique=False)
    op.create_index('ix_observations_plan', 'observations', ['plan_id'], unique=False)
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=100), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.Text(), nullable=False, comment='项目名称'),
    sa.Column('full_name', sa.Text(), nullable=True, comment='项目全称'),
    sa.Column('action', sa.String(length=50), nullable=True, comment='建设行为'),
    sa.Column('category', sa.String(length=100), nullable=True, comment='类别'),
    sa.Column('box', sa.String(length=100), nullable=True, comment='专栏'),
    sa.Column('article', sa.String(length=100), nullable=True, comment='条'),
    sa.Column('places_json', sa.Text(), nullable=False, comment='地点'),
    sa.Column('start_offset', sa.Integer(), nullable=True),
    sa.Column('end_offset', sa.Integer(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True, comment='原文'),
    sa.Column('status', sa.String(length=10), nullable=False, comment='项目状态'),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_projects_plan', 'projects', ['plan_id'], unique=False)
    op.create_table('statements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.String(length=100), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False, comment='审核状态'),
    sa.Column('type', sa.String(length=20), nullable=False, comment='类型'),
    sa.Column('kind', sa.String(length=20), nullable=False, comment='种类'),
    sa.Column('indicator', sa.Text(), nullable=False, comment='指标'),
    sa.Column('value', sa.Double(), nullable=True, comment='数值'),
    sa.Column('value_max', sa.Double(), nullable=True, comment='上限'),
    sa.Column('values_json', sa.Text(), nullable=True, comment='结构值'),
    sa.Column('unit', sa.String(length=50), nullable=True, comment='单位'),
    sa.Column('comparator', sa.String(length=4), nullable=True, comment='方向'),
    sa.Column('year', sa.Integer(), nullable=True, comment='年份'),
    sa.Column('base_year', sa.Integer(), nullable=True, comment='起始年'),
    sa.Column('scope', sa.Text(), nullable=True, comment='范围'),
    sa.Column('section', sa.String(length=50), nullable=True, comment='位置'),
    sa.Column('start_offset', sa.Integer(), nullable=False, comment='起点'),
    sa.Column('end_offset', sa.Integer(), nullable=False, comment='终点'),
    sa.Column('quote', sa.Text(), nullable=False, comment='原文'),
    sa.Column('node_key', sa.String(length=300), nullable=True, comment='结构节点'),
    sa.Column('confidence', sa.Double(), nullable=False, comment='置信度'),
    sa.Column('note', sa.Text(), nullable=True, comment='备注'),
    sa.Column('indicator_key', sa.String(length=300), nullable=True, comment='指标键'),
    sa.Column('extra_json', sa.Text(), nullable=False),
    sa.Column('original_json', sa.Text(), nullable=False),
    sa.Column('reviewed_by', sa.String(length=100), nullable=True),
    sa.Column('reviewed_at', sa.String(length=32), nullable=True),
    sa.Column('row_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], ),
    sa.ForeignKeyConstraint(['version_id'], ['plan_versions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_statements_indicator', 'statements', ['indicator_id'], unique=False)
    op.create_index('ix_statements_plan_version', 'statements', ['plan_id', 'version_id'], unique=False)


def downgrade() -> None:
    op.drop_table('audit_log')
    op.drop_table('projects')
    op.drop_table('observations')
    op.drop_table('statements')
    op.drop_table('indicator_departments')
    op.drop_table('departments')
    op.drop_table('indicators')
    op.drop_table('nodes')
    op.drop_table('plan_versions')
    op.drop_table('plans')
