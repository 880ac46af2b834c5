"""Suggest an indicator's domain (经济发展 / 创新驱动 / 民生福祉 / 资源环境) from where the plan puts it.

The titles around a statement decide, deepest first (article or box, section, chapter, part), then
the indicator's own name: the first text naming a domain wins; within a text, the first domain of
DOMAINS whose keywords occur (specific before general). Overall chapters ("全面建成小康社会…")
name no domain, so their indicators fall through to their names. The suggestion is only a
default: reviewers edit it.
"""

from __future__ import annotations

DOMAINS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("创新驱动", ("创新", "科技", "人才", "创业", "研发", "专利", "信息化", "互联网", "智慧", "两化融合")),
    ("资源环境", ("生态", "环保", "环境保护", "环境质量", "环境治理", "人居环境", "资源", "绿色", "节能", "能耗", "减排", "排放", "污染", "森林", "湿地",
                  "用水", "水质", "绿化", "耕地", "空气", "大气", "碳", "垃圾", "污水", "林")),
    ("民生福祉", ("民生", "就业", "失业", "居民", "可支配收入", "人均收入", "教育", "学校", "健康", "医疗", "医师", "卫生", "社会保障",
                  "保险", "养老", "扶贫", "脱贫", "贫困", "文化", "人口", "住房", "保障房", "公共服务",
                  "社会事业", "平安", "法治", "文明", "体育")),
    ("经济发展", ("经济", "产业", "工业", "制造", "农业", "服务业", "旅游", "金融", "开放", "投资", "消费",
                  "城镇化", "城乡", "交通", "基础设施", "物流", "商贸", "园区", "县域", "财政", "外资", "进出口",
                  "生产总值", "GDP", "增加值", "产值", "公路", "铁路", "电力", "管道", "粮食")),
)


def suggest_domain(*texts: str | None) -> str | None:
    """The domain of the first text (chapter title, part title, indicator name) that names one."""
    for text in texts:
        if not text:
            continue
        for domain, words in DOMAINS:
            if any(w in text for w in words):
                return domain
    return None
