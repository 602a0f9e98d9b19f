"""Interface strings of our own templates, per site language (Material translates its own)."""

from __future__ import annotations

# Language names, written in each interface language: NAMES[interface][language].
NAMES = {
    "en": {"en": "English", "fr": "French", "es": "Spanish", "de": "German", "zh": "Chinese", "ja": "Japanese",
           "it": "Italian", "pt": "Portuguese", "ko": "Korean", "ru": "Russian", "und": "unknown language"},
    "fr": {"en": "anglais", "fr": "français", "es": "espagnol", "de": "allemand", "zh": "chinois", "ja": "japonais",
           "it": "italien", "pt": "portugais", "ko": "coréen", "ru": "russe", "und": "langue inconnue"},
    "es": {"en": "inglés", "fr": "francés", "es": "español", "de": "alemán", "zh": "chino", "ja": "japonés",
           "it": "italiano", "pt": "portugués", "ko": "coreano", "ru": "ruso", "und": "idioma desconocido"},
    "de": {"en": "Englisch", "fr": "Französisch", "es": "Spanisch", "de": "Deutsch", "zh": "Chinesisch",
           "ja": "Japanisch", "it": "Italienisch", "pt": "Portugiesisch", "ko": "Koreanisch", "ru": "Russisch",
           "und": "unbekannte Sprache"},
    "zh": {"en": "英语", "fr": "法语", "es": "西班牙语", "de": "德语", "zh": "中文", "ja": "日语", "it": "意大利语",
           "pt": "葡萄牙语", "ko": "韩语", "ru": "俄语", "und": "未知语言"},
    "ja": {"en": "英語", "fr": "フランス語", "es": "スペイン語", "de": "ドイツ語", "zh": "中国語", "ja": "日本語",
           "it": "イタリア語", "pt": "ポルトガル語", "ko": "韓国語", "ru": "ロシア語", "und": "不明な言語"},
}

# Each language's name for itself, for the language selector.
NATIVE = {"en": "English", "fr": "Français", "es": "Español", "de": "Deutsch", "zh": "中文", "ja": "日本語",
          "it": "Italiano", "pt": "Português", "ko": "한국어", "ru": "Русский"}

STRINGS = {
    "en": {
        "period": "Period", "articles_label": "Articles", "languages_label": "Languages", "contents": "Contents", "original_language": "Original language",
        "home": "Home", "topics": "Topics", "tags": "Tags", "latest": "Latest briefing", "articles": "articles",
        "no_articles": "No articles yet.", "all_on_topic": "All {n} stories on {topic}", "all_on_topic_page": "All stories on {topic}",
        "other_stories": "Other stories", "key_points": "Key points", "article": "Article", "sources": "Sources",
        "original_article": "Original article", "pending_title": "Translation pending",
        "pending_body": "This article is not yet translated into {language}; it is shown in {original}. "
                        "The next build will try again.",
        "machine": "Machine-translated from {original} by {provider}",
        "editor": "Translated from {original} by the editor",
        "original_text": "Original text ({original})",
    },
    "fr": {
        "period": "Période", "articles_label": "Articles", "languages_label": "Langues", "contents": "Sommaire", "original_language": "Langue d’origine",
        "home": "Accueil", "topics": "Thèmes", "tags": "Mots-clés", "latest": "Dernière édition",
        "articles": "articles", "no_articles": "Aucun article pour l’instant.",
        "all_on_topic": "Les {n} sujets du thème {topic}", "all_on_topic_page": "Tous les sujets du thème {topic}", "other_stories": "Autres articles",
        "key_points": "Points clés", "article": "Article", "sources": "Sources",
        "original_article": "Article original", "pending_title": "Traduction en attente",
        "pending_body": "Cet article n’est pas encore traduit en {language} ; il est affiché en {original}. "
                        "La prochaine construction réessaiera.",
        "machine": "Traduction automatique par {provider} (langue d’origine : {original})",
        "editor": "Traduit par la rédaction (langue d’origine : {original})",
        "original_text": "Texte original ({original})",
    },
    "es": {
        "period": "Periodo", "articles_label": "Artículos", "languages_label": "Idiomas", "contents": "Índice", "original_language": "Idioma original",
        "home": "Inicio", "topics": "Temas", "tags": "Etiquetas", "latest": "Última edición",
        "articles": "artículos", "no_articles": "Aún no hay artículos.",
        "all_on_topic": "Las {n} noticias sobre {topic}", "all_on_topic_page": "Todas las noticias sobre {topic}", "other_stories": "Otras noticias",
        "key_points": "Puntos clave", "article": "Artículo", "sources": "Fuentes",
        "original_article": "Artículo original", "pending_title": "Traducción pendiente",
        "pending_body": "Este artículo aún no está traducido al {language}; se muestra en {original}. "
                        "La próxima compilación lo volverá a intentar.",
        "machine": "Traducción automática del {original} por {provider}",
        "editor": "Traducido del {original} por la redacción",
        "original_text": "Texto original ({original})",
    },
    "de": {
        "period": "Zeitraum", "articles_label": "Artikel", "languages_label": "Sprachen", "contents": "Inhalt", "original_language": "Originalsprache",
        "home": "Start", "topics": "Themen", "tags": "Schlagwörter", "latest": "Neueste Ausgabe",
        "articles": "Artikel", "no_articles": "Noch keine Artikel.",
        "all_on_topic": "Alle {n} Meldungen zum Thema {topic}", "all_on_topic_page": "Alle Meldungen zum Thema {topic}", "other_stories": "Weitere Meldungen",
        "key_points": "Kernpunkte", "article": "Artikel", "sources": "Quellen",
        "original_article": "Originalartikel", "pending_title": "Übersetzung ausstehend",
        "pending_body": "Dieser Artikel liegt noch nicht auf {language} vor; er erscheint auf {original}. "
                        "Der nächste Build versucht es erneut.",
        "machine": "Maschinell übersetzt von {provider} (Original: {original})",
        "editor": "Von der Redaktion übersetzt (Original: {original})",
        "original_text": "Originaltext ({original})",
    },
    "zh": {
        "period": "时间范围", "articles_label": "文章", "languages_label": "语言", "contents": "目录", "original_language": "原文语言",
        "home": "首页", "topics": "主题", "tags": "标签", "latest": "最新简报", "articles": "篇文章",
        "no_articles": "暂无文章。", "all_on_topic": "{topic}主题的全部 {n} 个事件", "all_on_topic_page": "{topic}主题的全部事件", "other_stories": "其他新闻",
        "key_points": "要点", "article": "正文", "sources": "来源", "original_article": "原文链接",
        "pending_title": "翻译待完成", "pending_body": "本文尚未译成{language}，以下为{original}原文。下次构建时将重试。",
        "machine": "由 {provider} 从{original}机器翻译", "editor": "由编辑从{original}翻译",
        "original_text": "原文（{original}）",
    },
    "ja": {
        "period": "期間", "articles_label": "記事", "languages_label": "言語", "contents": "目次", "original_language": "原文の言語",
        "home": "ホーム", "topics": "トピック", "tags": "タグ", "latest": "最新号", "articles": "件の記事",
        "no_articles": "記事はまだありません。", "all_on_topic": "{topic}のニュース {n} 件すべて", "all_on_topic_page": "{topic}のニュースすべて",
        "other_stories": "その他のニュース", "key_points": "要点", "article": "本文", "sources": "出典",
        "original_article": "元の記事", "pending_title": "翻訳待ち",
        "pending_body": "この記事はまだ{language}に翻訳されていません。{original}の原文を表示しています。次回のビルドで再試行します。",
        "machine": "{provider} による{original}からの機械翻訳", "editor": "編集部による{original}からの翻訳",
        "original_text": "原文（{original}）",
    },
}


# Strings of the story features: cards, digests, timelines, key figures, the names index.
STORY_STRINGS = {
    "en": {
        "archive": "Archive", "names": "Names", "in_brief": "In brief", "timeline": "Timeline", "undated": "Undated",
        "key_figures": "Key figures", "figure": "Figure", "measure": "Measure", "source": "Source",
        "sentence": "Sentence", "disagree": "Sources disagree", "also_reported_by": "Also reported by",
        "reported_by": "Reported by", "story": "Story", "n_sources": "{n} sources",
        "part_of_story": "One of {n} reports of this story:", "stories_label": "Stories",
        "no_figures": "No key figures.", "names_intro": "Companies, people, places and products named in the briefing.",
        "kind_company": "Companies", "kind_person": "People", "kind_place": "Places", "kind_product": "Products",
        "kind_other": "Other names", "concept_share price": "share price", "concept_revenue": "revenue",
        "concept_investment": "investment", "concept_valuation": "valuation", "concept_profit": "profit",
        "concept_market size": "market size", "concept_funding": "funding", "concept_price": "price", "concept_jobs": "jobs",
        "more": "and {n} more",
    },
    "fr": {
        "archive": "Archives", "names": "Noms", "in_brief": "L’essentiel", "timeline": "Chronologie", "undated": "Sans date",
        "key_figures": "Chiffres clés", "figure": "Chiffre", "measure": "Mesure", "source": "Source",
        "sentence": "Phrase", "disagree": "Les sources divergent", "also_reported_by": "Également rapporté par",
        "reported_by": "Rapporté par", "story": "Sujet", "n_sources": "{n} sources",
        "part_of_story": "Un des {n} articles sur ce sujet :", "stories_label": "Sujets",
        "no_figures": "Aucun chiffre clé.", "names_intro": "Entreprises, personnes, lieux et produits cités dans la revue.",
        "kind_company": "Entreprises", "kind_person": "Personnes", "kind_place": "Lieux", "kind_product": "Produits",
        "kind_other": "Autres noms", "concept_share price": "cours de l’action", "concept_revenue": "chiffre d’affaires",
        "concept_investment": "investissement", "concept_valuation": "valorisation", "concept_profit": "bénéfice",
        "concept_market size": "taille du marché", "concept_funding": "financement", "concept_price": "prix", "concept_jobs": "emplois",
        "more": "et {n} autres",
    },
    "es": {
        "archive": "Archivo", "names": "Nombres", "in_brief": "En resumen", "timeline": "Cronología", "undated": "Sin fecha",
        "key_figures": "Cifras clave", "figure": "Cifra", "measure": "Medida", "source": "Fuente",
        "sentence": "Frase", "disagree": "Las fuentes discrepan", "also_reported_by": "También informaron",
        "reported_by": "Informaron", "story": "Noticia", "n_sources": "{n} fuentes",
        "part_of_story": "Uno de {n} artículos sobre esta noticia:", "stories_label": "Noticias",
        "no_figures": "Sin cifras clave.", "names_intro": "Empresas, personas, lugares y productos citados.",
        "kind_company": "Empresas", "kind_person": "Personas", "kind_place": "Lugares", "kind_product": "Productos",
        "kind_other": "Otros nombres", "concept_share price": "cotización", "concept_revenue": "ingresos",
        "concept_investment": "inversión", "concept_valuation": "valoración", "concept_profit": "beneficio",
        "concept_market size": "tamaño del mercado", "concept_funding": "financiación", "concept_price": "precio", "concept_jobs": "empleos",
        "more": "y {n} más",
    },
    "de": {
        "archive": "Archiv", "names": "Namen", "in_brief": "Kurz gefasst", "timeline": "Chronik", "undated": "Ohne Datum",
        "key_figures": "Kennzahlen", "figure": "Zahl", "measure": "Größe", "source": "Quelle",
        "sentence": "Satz", "disagree": "Quellen widersprechen sich", "also_reported_by": "Auch berichtet von",
        "reported_by": "Berichtet von", "story": "Meldung", "n_sources": "{n} Quellen",
        "part_of_story": "Einer von {n} Berichten zu dieser Meldung:", "stories_label": "Meldungen",
        "no_figures": "Keine Kennzahlen.", "names_intro": "Unternehmen, Personen, Orte und Produkte im Briefing.",
        "kind_company": "Unternehmen", "kind_person": "Personen", "kind_place": "Orte", "kind_product": "Produkte",
        "kind_other": "Weitere Namen", "concept_share price": "Aktienkurs", "concept_revenue": "Umsatz",
        "concept_investment": "Investition", "concept_valuation": "Bewertung", "concept_profit": "Gewinn",
        "concept_market size": "Marktgröße", "concept_funding": "Finanzierung", "concept_price": "Preis", "concept_jobs": "Stellen",
        "more": "und {n} weitere",
    },
    "zh": {
        "archive": "存档", "names": "名称", "in_brief": "摘要", "timeline": "时间线", "undated": "无日期",
        "key_figures": "关键数据", "figure": "数据", "measure": "指标", "source": "来源",
        "sentence": "原句", "disagree": "来源说法不一", "also_reported_by": "其他报道",
        "reported_by": "报道来源", "story": "事件", "n_sources": "{n} 个来源",
        "part_of_story": "本事件共 {n} 篇报道：", "stories_label": "事件",
        "no_figures": "暂无关键数据。", "names_intro": "简报中提到的公司、人物、地点和产品。",
        "kind_company": "公司", "kind_person": "人物", "kind_place": "地点", "kind_product": "产品",
        "kind_other": "其他名称", "concept_share price": "股价", "concept_revenue": "营收",
        "concept_investment": "投资", "concept_valuation": "估值", "concept_profit": "利润",
        "concept_market size": "市场规模", "concept_funding": "融资", "concept_price": "价格", "concept_jobs": "就业",
        "more": "另有 {n} 项",
    },
    "ja": {
        "archive": "アーカイブ", "names": "名称", "in_brief": "要約", "timeline": "年表", "undated": "日付なし",
        "key_figures": "主要な数字", "figure": "数字", "measure": "指標", "source": "出典",
        "sentence": "原文", "disagree": "出典により数字が異なる", "also_reported_by": "他の報道",
        "reported_by": "報道元", "story": "ニュース", "n_sources": "{n} 件の出典",
        "part_of_story": "このニュースの報道 {n} 件：", "stories_label": "ニュース",
        "no_figures": "主要な数字はありません。", "names_intro": "ブリーフィングに登場する企業、人物、場所、製品。",
        "kind_company": "企業", "kind_person": "人物", "kind_place": "場所", "kind_product": "製品",
        "kind_other": "その他の名称", "concept_share price": "株価", "concept_revenue": "売上高",
        "concept_investment": "投資", "concept_valuation": "評価額", "concept_profit": "利益",
        "concept_market size": "市場規模", "concept_funding": "資金調達", "concept_price": "価格", "concept_jobs": "雇用",
        "more": "ほか {n} 件",
    },
}

# Strings of the home, topic and story pages' story cards.
PAGE_STRINGS = {
    "en": {"n_reports": "{n} reports", "n_stories": "{n} stories", "one_story": "1 story",
           "listed_under_main_topic": "Stories that touch on {topic} are listed under their main topic."},
    "fr": {"n_reports": "{n} articles", "n_stories": "{n} sujets", "one_story": "1 sujet",
           "listed_under_main_topic": "Les sujets qui touchent au thème {topic} sont classés sous leur thème principal."},
    "es": {"n_reports": "{n} artículos", "n_stories": "{n} noticias", "one_story": "1 noticia",
           "listed_under_main_topic": "Las noticias que tocan {topic} figuran bajo su tema principal."},
    "de": {"n_reports": "{n} Berichte", "n_stories": "{n} Meldungen", "one_story": "1 Meldung",
           "listed_under_main_topic": "Meldungen, die {topic} berühren, stehen unter ihrem Hauptthema."},
    "zh": {"n_reports": "{n} 篇报道", "n_stories": "{n} 个事件", "one_story": "1 个事件",
           "listed_under_main_topic": "涉及{topic}的事件列在其主要主题下。"},
    "ja": {"n_reports": "報道 {n} 件", "n_stories": "ニュース {n} 件", "one_story": "ニュース 1 件",
           "listed_under_main_topic": "{topic}に関わるニュースは主なテーマの下に掲載しています。"},
}


# Strings an editor's notes need on a page: a translation older than its original.
EDITOR_STRINGS = {
    "en": {"outdated_title": "Translation outdated",
           "outdated_body": "The original ({original}) has changed since this translation was made; "
                            "the original text below is the current one."},
    "fr": {"outdated_title": "Traduction à mettre à jour",
           "outdated_body": "L’original ({original}) a changé depuis cette traduction\u202f; "
                            "le texte original ci-dessous est la version à jour."},
    "es": {"outdated_title": "Traducción desactualizada",
           "outdated_body": "El original ({original}) ha cambiado desde esta traducción; "
                            "el texto original de abajo es el vigente."},
    "de": {"outdated_title": "Übersetzung veraltet",
           "outdated_body": "Das Original ({original}) wurde nach dieser Übersetzung geändert; "
                            "der Originaltext unten ist aktuell."},
    "zh": {"outdated_title": "译文已过时", "outdated_body": "原文（{original}）在翻译后已有改动，下方原文为最新版本。"},
    "ja": {"outdated_title": "翻訳が古くなっています", "outdated_body": "翻訳後に原文（{original}）が変更されました。下の原文が最新です。"},
}


# Strings of editions (briefing/render/editions.py) and the newsletter (briefing/outputs/newsletter.py).
EDITION_STRINGS = {
    "en": {"one_article": "1 article", "editions": "Editions", "edition_of": "Edition of {date}", "week_of": "Week of {date}",
           "previous_edition": "Previous edition", "next_edition": "Next edition", "all_editions": "All editions",
           "update_label": "Update", "one_update": "1 update", "n_updates": "{n} updates",
           "new_reports": "New in this edition", "no_new_on_topic": "Nothing new on {topic} in this edition.",
           "read_online": "Read this edition on the site", "read_more": "Read more"},
    "fr": {"one_article": "1 article", "editions": "Éditions", "edition_of": "Édition du {date}", "week_of": "Semaine du {date}",
           "previous_edition": "Édition précédente", "next_edition": "Édition suivante",
           "all_editions": "Toutes les éditions", "update_label": "Mise à jour", "one_update": "1 mise à jour",
           "n_updates": "{n} mises à jour", "new_reports": "Nouveau dans cette édition",
           "no_new_on_topic": "Rien de nouveau sur le thème {topic} dans cette édition.",
           "read_online": "Lire cette édition sur le site", "read_more": "Lire la suite"},
    "es": {"one_article": "1 artículo", "editions": "Ediciones", "edition_of": "Edición del {date}", "week_of": "Semana del {date}",
           "previous_edition": "Edición anterior", "next_edition": "Edición siguiente",
           "all_editions": "Todas las ediciones", "update_label": "Actualización", "one_update": "1 actualización",
           "n_updates": "{n} actualizaciones", "new_reports": "Nuevo en esta edición",
           "no_new_on_topic": "Nada nuevo sobre {topic} en esta edición.",
           "read_online": "Leer esta edición en el sitio", "read_more": "Leer más"},
    "de": {"one_article": "1 Artikel", "editions": "Ausgaben", "edition_of": "Ausgabe vom {date}", "week_of": "Woche vom {date}",
           "previous_edition": "Vorherige Ausgabe", "next_edition": "Nächste Ausgabe", "all_editions": "Alle Ausgaben",
           "update_label": "Aktualisierung", "one_update": "1 Aktualisierung", "n_updates": "{n} Aktualisierungen",
           "new_reports": "Neu in dieser Ausgabe", "no_new_on_topic": "Nichts Neues zum Thema {topic} in dieser Ausgabe.",
           "read_online": "Diese Ausgabe auf der Website lesen", "read_more": "Weiterlesen"},
    "zh": {"one_article": "1 篇文章", "editions": "往期简报", "edition_of": "{date} 简报", "week_of": "{date} 当周简报",
           "previous_edition": "上一期", "next_edition": "下一期", "all_editions": "全部往期",
           "update_label": "更新", "one_update": "1 条更新", "n_updates": "{n} 条更新",
           "new_reports": "本期新增报道", "no_new_on_topic": "本期没有关于{topic}的新消息。",
           "read_online": "在网站上阅读本期", "read_more": "阅读全文"},
    "ja": {"one_article": "1 件の記事", "editions": "バックナンバー", "edition_of": "{date} 号", "week_of": "{date} の週",
           "previous_edition": "前号", "next_edition": "次号", "all_editions": "すべての号",
           "update_label": "続報", "one_update": "続報 1 件", "n_updates": "続報 {n} 件",
           "new_reports": "今号の新着報道", "no_new_on_topic": "今号には{topic}の新しいニュースはありません。",
           "read_online": "この号をサイトで読む", "read_more": "続きを読む"},
}


def strings(language: str) -> dict[str, str]:
    """Interface strings for a site language (English where a language has no string of its own)."""
    tables = (STRINGS, STORY_STRINGS, PAGE_STRINGS, EDITOR_STRINGS, EDITION_STRINGS)
    return {key: value for table in tables for key, value in table["en"].items()} | {
        key: value for table in tables for key, value in table.get(language, {}).items()}


def language_name(code: str, interface: str) -> str:
    """The name of language `code`, written in the `interface` language."""
    return NAMES.get(interface, NAMES["en"]).get(code) or NAMES["en"].get(code, code)


# Strings of the printed briefing (templates/print.html.j2) that the sites do not use.
PRINT_STRINGS = {
    "en": {"outdated_print": "Translation outdated: the original ({original}) has changed since it was made",
           "edition": "Edition", "outlets_label": "Outlets", "unnamed_outlets": "{n} with no outlet named",
           "page_before": "p.\u00a0", "page_after": "", "also_on_topic": "Also on this topic",
           "full_text": "Full text", "printed_elsewhere": "its stories are printed under other topics:", "printed_above": "text printed above", "in_full_text": "in the full text"},
    "fr": {"outdated_print": "Traduction à mettre à jour : l’original ({original}) a changé depuis",
           "edition": "Édition", "outlets_label": "Médias", "unnamed_outlets": "{n} sans média identifié",
           "page_before": "p.\u00a0", "page_after": "", "also_on_topic": "Aussi sur ce thème",
           "full_text": "Texte intégral", "printed_elsewhere": "ses sujets figurent sous d’autres thèmes :", "printed_above": "texte reproduit ci-dessus", "in_full_text": "dans le texte intégral"},
    "es": {"outdated_print": "Traducción desactualizada: el original ({original}) ha cambiado desde entonces",
           "edition": "Edición", "outlets_label": "Medios", "unnamed_outlets": "{n} sin medio identificado",
           "page_before": "pág.\u00a0", "page_after": "", "also_on_topic": "También en este tema",
           "full_text": "Texto completo", "printed_elsewhere": "sus noticias figuran en otros temas:", "printed_above": "texto reproducido arriba", "in_full_text": "en el texto completo"},
    "de": {"outdated_print": "Übersetzung veraltet: das Original ({original}) wurde seither geändert",
           "edition": "Ausgabe", "outlets_label": "Medien", "unnamed_outlets": "{n} ohne genanntes Medium",
           "page_before": "S.\u00a0", "page_after": "", "also_on_topic": "Auch zu diesem Thema",
           "full_text": "Volltext", "printed_elsewhere": "seine Meldungen stehen unter anderen Themen:", "printed_above": "Text oben abgedruckt", "in_full_text": "im Volltext"},
    "zh": {"outdated_print": "译文已过时：原文（{original}）在翻译后已有改动",
           "edition": "出版日期", "outlets_label": "媒体", "unnamed_outlets": "{n} 篇未注明媒体",
           "page_before": "第 ", "page_after": " 页", "also_on_topic": "本主题的其他事件",
           "full_text": "全文", "printed_above": "全文见上", "in_full_text": "见全文", "printed_elsewhere": "相关事件见其他主题："},
    "ja": {"outdated_print": "翻訳が古くなっています：翻訳後に原文（{original}）が変更されました",
           "edition": "発行日", "outlets_label": "媒体", "unnamed_outlets": "媒体名なし {n} 件",
           "page_before": "", "page_after": " ページ", "also_on_topic": "このトピックの他のニュース",
           "full_text": "全文", "printed_above": "本文は上記", "in_full_text": "全文を参照", "printed_elsewhere": "記事は他のトピックに掲載："},
}


def print_strings(language: str) -> dict[str, str]:
    """Strings of the printed briefing for a language (English where it has none of its own)."""
    return {**PRINT_STRINGS["en"], **PRINT_STRINGS.get(language, {})}
