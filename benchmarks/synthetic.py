"""Deterministic synthetic raw articles in several languages, with boilerplate, for benchmarks."""

from __future__ import annotations

import random

COMPANIES = ["Kinetica", "Silicor", "Nordwerk", "Hexaflow", "Quantara", "Lumis", "Orbitek", "Valemont"]
PLACES = ["Lyon", "Dresden", "Valencia", "Osaka", "Shenzhen", "Austin", "Turin", "Lille"]

EN = [
    "{c} said on {d} it would spend {n} billion dollars on new data centres in {p}.",
    "The company's new AI chip is built on a 3-nanometre process by a foundry partner.",
    "Its humanoid robot can now lift parts of up to {n} kilograms on an assembly line.",
    "Analysts expect capital expenditure on AI infrastructure to keep rising next year.",
    "Shares of {c} rose {n}% after the announcement, the biggest gain in months.",
    "Export controls on advanced semiconductors weigh on sales to several markets.",
    "The plant in {p} will employ about {n}00 people when it opens.",
]
FR = [
    "{c} a annoncé {d} un investissement de {n} milliards d'euros dans des centres de données à {p}.",
    "La nouvelle puce d'intelligence artificielle de l'entreprise est gravée en 3 nanomètres.",
    "Son robot humanoïde peut désormais soulever des pièces de {n} kilos sur une chaîne de montage.",
    "Les analystes prévoient une hausse des dépenses d'infrastructure pour l'IA l'an prochain.",
    "L'action {c} a bondi de {n} % après l'annonce.",
]
ES = [
    "{c} anunció el {d} una inversión de {n} mil millones de euros en centros de datos en {p}.",
    "El nuevo chip de inteligencia artificial de la empresa se fabrica en 3 nanómetros.",
    "Su robot humanoide puede levantar piezas de {n} kilos en una cadena de montaje.",
    "Los analistas esperan que el gasto en infraestructura de IA siga creciendo.",
]
DE = [
    "{c} kündigte am {d} Investitionen von {n} Milliarden Euro in Rechenzentren in {p} an.",
    "Der neue KI-Chip des Unternehmens wird in 3 Nanometern gefertigt.",
    "Sein humanoider Roboter hebt am Fließband Teile mit bis zu {n} Kilogramm.",
    "Analysten erwarten, dass die Ausgaben für KI-Infrastruktur weiter steigen.",
]
ZH = [
    "{c}公司{d}宣布将在{p}投资{n}亿元建设数据中心。",
    "该公司的新款人工智能芯片采用3纳米工艺制造。",
    "其人形机器人可以在生产线上搬运{n}公斤的零件。",
    "分析人士预计明年人工智能基础设施支出将继续增长。",
]
JA = [
    "{c}は{d}、{p}のデータセンターに{n}億円を投資すると発表した。",
    "同社の新しいAI半導体は3ナノメートルの工程で製造される。",
    "人型ロボットは組み立てラインで{n}キロの部品を運ぶことができる。",
    "アナリストはAIインフラへの投資が来年も増えると予想している。",
]
LANGS = {"en": EN, "fr": FR, "es": ES, "de": DE, "zh": ZH, "ja": JA}
BOILERPLATE = {
    "en": ["By Staff Writer", "{m} min read", "Comments", "No comments yet"],
    "fr": ["Par la rédaction", "Il vous reste 40% de cet article à lire. La suite est réservée aux abonnés."],
    "es": ["Por Redacción", "{m} min de lectura", "Comentarios", "Aún no hay comentarios"],
    "de": ["Von Redaktion", "Jetzt Premium zum Vorteilspreis sichern - Zum Angebot"],
    "zh": ["记者 王明／综合报道"],
    "ja": ["【写真を見る】"],
}


def article(i: int) -> str:
    """The i-th synthetic article: headline, boilerplate, 6-12 body lines."""
    rnd = random.Random(i)
    lang = list(LANGS)[i % len(LANGS)]
    fill = {"c": rnd.choice(COMPANIES), "p": rnd.choice(PLACES), "n": rnd.randint(2, 90),
            "d": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", "m": rnd.randint(2, 9)}
    body = [rnd.choice(LANGS[lang]).format(**fill) for _ in range(rnd.randint(6, 12))]
    # Why: real archives repeat sentences across articles but every article has its own lines.
    body.append(f"{fill['c']} #{i}: {LANGS[lang][0].format(**fill)}")
    boiler = [b.format(**fill) for b in BOILERPLATE[lang]]
    headline = f"{fill['c']} {fill['p']} {i}: " + LANGS[lang][i % len(LANGS[lang])].format(**fill)[:60]
    return "\n".join([headline, boiler[0], *body, *boiler[1:]]) + "\n"
