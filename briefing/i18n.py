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
        "no_articles": "No articles yet.", "all_on_topic": "All {n} articles on {topic}",
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
        "all_on_topic": "Les {n} articles du thème {topic}", "other_stories": "Autres articles",
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
        "all_on_topic": "Los {n} artículos sobre {topic}", "other_stories": "Otras noticias",
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
        "all_on_topic": "Alle {n} Artikel zum Thema {topic}", "other_stories": "Weitere Meldungen",
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
        "no_articles": "暂无文章。", "all_on_topic": "{topic}主题的全部 {n} 篇文章", "other_stories": "其他新闻",
        "key_points": "要点", "article": "正文", "sources": "来源", "original_article": "原文链接",
        "pending_title": "翻译待完成", "pending_body": "本文尚未译成{language}，以下为{original}原文。下次构建时将重试。",
        "machine": "由 {provider} 从{original}机器翻译", "editor": "由编辑从{original}翻译",
        "original_text": "原文（{original}）",
    },
    "ja": {
        "period": "期間", "articles_label": "記事", "languages_label": "言語", "contents": "目次", "original_language": "原文の言語",
        "home": "ホーム", "topics": "トピック", "tags": "タグ", "latest": "最新号", "articles": "件の記事",
        "no_articles": "記事はまだありません。", "all_on_topic": "{topic}の記事 {n} 件すべて",
        "other_stories": "その他のニュース", "key_points": "要点", "article": "本文", "sources": "出典",
        "original_article": "元の記事", "pending_title": "翻訳待ち",
        "pending_body": "この記事はまだ{language}に翻訳されていません。{original}の原文を表示しています。次回のビルドで再試行します。",
        "machine": "{provider} による{original}からの機械翻訳", "editor": "編集部による{original}からの翻訳",
        "original_text": "原文（{original}）",
    },
}


def strings(language: str) -> dict[str, str]:
    """Interface strings for a site language (English for languages without a table)."""
    return STRINGS.get(language, STRINGS["en"])


def language_name(code: str, interface: str) -> str:
    """The name of language `code`, written in the `interface` language."""
    return NAMES.get(interface, NAMES["en"]).get(code) or NAMES["en"].get(code, code)
