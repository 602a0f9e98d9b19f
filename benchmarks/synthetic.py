"""Deterministic synthetic raw archives for benchmarks: six languages, boilerplate, stories.

Articles come in *events* (stories): consecutive article indices form one event of 1-4
articles (about 2.5 on average). The articles of one event share the company, place,
amount, chief executive and product, and are dated within two days of each other, but
each is written in another language, for another outlet, with other sentences. Events
are dated across 2025, so any archive size spreads over about a year.

Everything is seeded: `article(i)` is the same text on every run and for every archive
size (an archive of 100 is the first 100 articles of an archive of 10,000).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

SEED = 20251
YEAR_START = date(2025, 1, 1)
EXTRA_DAY = date(2026, 1, 2)
"""The added article's date: after every archived one, as a new day's news would be."""

COMPANIES = [
    "Kinetica", "Silicor", "Nordwerk", "Hexaflow", "Quantara", "Lumis", "Orbitek", "Valemont",
    "Arcturo", "Brightlane", "Cobaltix", "Deltaform", "Eonic", "Ferrowave", "Gravitas", "Helionyx",
    "Ionvale", "Juniper Forge", "Kestrel Labs", "Lattix", "Meridion", "Novacore", "Omnivox", "Pyrelight",
    "Quillon", "Radiant Axis", "Solvane", "Tessaract", "Ultranode", "Vectorix", "Wavelink", "Xylem Park",
    "Yotta Systems", "Zephyrion", "Aurelius Tech", "Borealis Compute", "Cirrion", "Dynamo Robotics",
    "Equinox Silicon", "Fathom AI",
]
# (Latin, Chinese, Japanese) place names.
PLACES = [
    ("Lyon", "里昂", "リヨン"), ("Dresden", "德累斯顿", "ドレスデン"), ("Valencia", "瓦伦西亚", "バレンシア"),
    ("Osaka", "大阪", "大阪"), ("Shenzhen", "深圳", "深圳"), ("Austin", "奥斯汀", "オースティン"),
    ("Turin", "都灵", "トリノ"), ("Lille", "里尔", "リール"), ("Munich", "慕尼黑", "ミュンヘン"),
    ("Bilbao", "毕尔巴鄂", "ビルバオ"), ("Phoenix", "凤凰城", "フェニックス"), ("Kumamoto", "熊本", "熊本"),
    ("Hsinchu", "新竹", "新竹"), ("Grenoble", "格勒诺布尔", "グルノーブル"), ("Leipzig", "莱比锡", "ライプツィヒ"),
    ("Seville", "塞维利亚", "セビリア"), ("Hefei", "合肥", "合肥"), ("Sapporo", "札幌", "札幌"),
    ("Ohio", "俄亥俄", "オハイオ"), ("Dublin", "都柏林", "ダブリン"), ("Helsinki", "赫尔辛基", "ヘルシンキ"),
    ("Penang", "槟城", "ペナン"), ("Bangalore", "班加罗尔", "ベンガルール"), ("Querétaro", "克雷塔罗", "ケレタロ"),
]
FIRST_NAMES = ["Anna", "Marc", "Lucía", "Jonas", "Mei", "Kenji", "Sofia", "David", "Claire", "Mateo",
               "Lena", "Hiro", "Ines", "Paul", "Yara", "Tomas", "Elif", "Noah", "Greta", "Rafael",
               "Aiko", "Julien", "Carmen", "Felix"]
LAST_NAMES = ["Berger", "Moreau", "Ortega", "Lindqvist", "Tanaka", "Novak", "Rossi", "Kaplan", "Dubois",
              "Herrera", "Vogel", "Sato", "Marchetti", "Olsen", "Petrov", "Nakamura", "Keller", "Fontaine",
              "Ibarra", "Schulz", "Ward", "Costa", "Lindgren", "Okafor"]
BANKS = ["Harbor Capital", "Alpine Securities", "Crescent Research", "Northgate Partners", "Tidewater Bank",
         "Summit Equity", "Bluewater Advisory", "Keystone Markets"]
TOPICS = ("chips", "robotics", "capex")

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
}

OUTLETS = {
    "en": ["Tech Ledger", "Circuit Daily", "Global Wire", "Market Pulse", "Compute Report", "Silicon Review"],
    "fr": ["Courrier Numérique", "Écho Tech", "Gazette Économique", "Puces Hebdo", "Tribune Industrie",
           "Nouvelles Tech"],
    "es": ["Diario Tecnológico", "Correo Digital", "Noticias Industria", "Voz Económica", "Revista Chip",
           "Crónica Tech"],
    "de": ["Tech Rundschau", "Wirtschaftsblatt", "Rhein Kurier", "Digital Zeitung", "Industrie Echo",
           "Chip Anzeiger"],
    "zh": ["东方科技报", "财经观察", "新华科技", "南方日报", "科技前沿", "经济导报"],
    "ja": ["日経テック", "東洋経済ニュース", "技術新報", "産業タイムズ", "電子ジャーナル", "未来経済"],
}

# Boilerplate the cleaner must drop: above the story (bylines, read times) and below it (comments, paywall).
HEADER_BOILERPLATE = {
    "en": ["By Staff Writer", "{m} min read"],
    "fr": ["Par la rédaction"],
    "es": ["Por Redacción", "{m} min de lectura"],
    "de": ["Von Redaktion"],
    "zh": ["记者 王明／综合报道"],
    "ja": [],
}
TAIL_BOILERPLATE = {
    "en": ["Comments", "No comments yet"],
    "fr": ["Il vous reste 40% de cet article à lire. La suite est réservée aux abonnés."],
    "es": ["Comentarios", "Aún no hay comentarios"],
    "de": ["Jetzt Premium zum Vorteilspreis sichern - Zum Angebot"],
    "zh": [],
    "ja": [],
}
# Kept for callers of the old module: the same boilerplate, header and tail together.
BOILERPLATE = {lang: HEADER_BOILERPLATE[lang] + TAIL_BOILERPLATE[lang] for lang in HEADER_BOILERPLATE}

# Placeholders: c company, p place, n amount (billion dollars), nz the same in units of 100 million
# (亿/億), d date, ceo chief executive, pr product, pct share move, w jobs, kg, gw, y completion year;
# per article: an analyst at bank, c2 a rival company in p2.
HEADLINES = {
    "en": {"chips": "{c} unveils {pr} AI chip as it expands in {p}",
           "robotics": "{c} humanoid robot to lift {kg} kg parts at {p} plant",
           "capex": "{c} to spend {n} billion dollars on {p} data centres"},
    "fr": {"chips": "{c} dévoile la puce {pr} et s'étend à {p}",
           "robotics": "{c} mise sur les robots humanoïdes à {p}",
           "capex": "{c} va investir {n} milliards de dollars à {p}"},
    "es": {"chips": "{c} presenta el chip {pr} y se expande en {p}",
           "robotics": "{c} apuesta por robots humanoides en {p}",
           "capex": "{c} invertirá {n} mil millones de dólares en {p}"},
    "de": {"chips": "{c} stellt KI-Chip {pr} vor und baut in {p} aus",
           "robotics": "{c} setzt in {p} auf humanoide Roboter",
           "capex": "{c} investiert {n} Milliarden Dollar in {p}"},
    "zh": {"chips": "{c}发布{pr}芯片 扩大在{p}的业务",
           "robotics": "{c}在{p}工厂部署人形机器人",
           "capex": "{c}将在{p}投资{nz}亿美元建设数据中心"},
    "ja": {"chips": "{c}、AIチップ「{pr}」を発表　{p}で事業拡大",
           "robotics": "{c}、{p}工場に人型ロボット導入へ",
           "capex": "{c}、{p}のデータセンターに{nz}億ドル投資へ"},
}

SENTENCES = {
    "en": {
        "analyst": [
            "{an}, an analyst at {bank}, said the scale of the plan surprised the market.",
            "\u201cThe question is no longer whether to build, but how fast,\u201d said {an} of {bank}.",
            "{bank} analyst {an} estimated that the project could lift annual revenue by a fifth.",
            "{an} at {bank} warned that power supply, not chips, could become the bottleneck.",
            "According to {an} of {bank}, rivals will have to respond within months.",
        ],
        "rival": [
            "Rival {c2} announced a similar project in {p2} earlier this year.",
            "The move puts pressure on {c2}, which has delayed its own plans in {p2}.",
        ],
        "lead": [
            "{c} said on {d} it would spend {n} billion dollars on new AI data centres in {p}.",
            "{c} announced on {d} an investment of {n} billion dollars in computing capacity in {p}, its largest to date.",
            "In {p}, {c} unveiled plans on {d} to invest {n} billion dollars in AI infrastructure over five years.",
        ],
        "facts": [
            "Chief executive {ceo} told reporters the project would be finished by {y}.",
            "\u201cWe are only at the beginning of this build-out,\u201d {ceo} said in a statement.",
            "Shares of {c} rose {pct}% after the announcement, the biggest gain in months.",
            "The site in {p} will employ about {w} people when it opens.",
            "{ceo} said the {pr} system would ship to the first customers next quarter.",
        ],
        "chips": [
            "The company's new {pr} AI chip is built on a 3-nanometre process by a foundry partner.",
            "Export controls on advanced semiconductors weigh on sales to several markets.",
            "Demand for high-bandwidth memory has outstripped supply for a year, chipmakers say.",
            "The {pr} accelerator competes directly with Nvidia's GPUs in training large models.",
            "Wafer output at the foundry is expected to double by the end of the year.",
        ],
        "robotics": [
            "Its humanoid robot can now lift parts of up to {kg} kilograms on an assembly line.",
            "The robotics unit plans to deploy a thousand industrial robots in its own factories.",
            "Physical AI, software that lets robots learn tasks by watching, is the next frontier, {ceo} said.",
            "Rivals such as Unitree and Figure AI are racing to put humanoids on factory floors.",
            "The robot arm uses the {pr} chip to plan its movements in real time.",
        ],
        "capex": [
            "Analysts expect capital expenditure on AI infrastructure to keep rising next year.",
            "The new data centre campus in {p} will draw about {gw} gigawatts of power at full load.",
            "Hyperscalers have raised their capex guidance three times this year.",
            "The plan includes GPU clusters for customers training their own models.",
        ],
        "general": [
            "The announcement comes as competition in artificial intelligence intensifies across the industry.",
            "Investors have questioned whether the spending will pay off within the decade.",
            "Regulators in Europe and Asia are watching the sector closely.",
            "The company did not give details on how the project will be financed.",
            "Several suppliers said they had already received orders linked to the project.",
            "Local officials welcomed the plan, citing jobs and tax revenue for {p}.",
        ],
    },
    "fr": {
        "analyst": [
            "{an}, analyste chez {bank}, juge que l'ampleur du plan a surpris le marché.",
            "\u00ab La question n'est plus de savoir s'il faut construire, mais à quelle vitesse \u00bb, estime {an}, de {bank}.",
            "{an}, de {bank}, estime que le projet pourrait accroître le chiffre d'affaires annuel d'un cinquième.",
            "{an}, chez {bank}, prévient que l'électricité, plus que les puces, pourrait devenir le goulet d'étranglement.",
            "Selon {an}, de {bank}, les concurrents devront réagir d'ici quelques mois.",
        ],
        "rival": [
            "Son concurrent {c2} a annoncé un projet similaire à {p2} plus tôt cette année.",
            "L'annonce met la pression sur {c2}, qui a retardé ses propres projets à {p2}.",
        ],
        "lead": [
            "{c} a annoncé le {d} un investissement de {n} milliards de dollars dans des centres de données à {p}.",
            "Le groupe {c} va investir {n} milliards de dollars dans l'infrastructure d'IA à {p}, a-t-il indiqué le {d}.",
        ],
        "facts": [
            "Son directeur général, {ceo}, a précisé que le projet serait achevé d'ici {y}.",
            "\u00ab Nous ne sommes qu'au début de ce chantier \u00bb, a déclaré {ceo} dans un communiqué.",
            "L'action {c} a bondi de {pct} % après l'annonce.",
            "Le site de {p} emploiera environ {w} personnes à son ouverture.",
            "Selon {ceo}, le système {pr} sera livré aux premiers clients le trimestre prochain.",
        ],
        "chips": [
            "La nouvelle puce {pr} de l'entreprise est gravée en 3 nanomètres par un fondeur partenaire.",
            "Les contrôles à l'exportation des semi-conducteurs avancés pèsent sur les ventes.",
            "La demande de mémoire à large bande dépasse l'offre depuis un an, selon les fabricants de puces.",
            "L'accélérateur {pr} vise directement les processeurs graphiques de Nvidia.",
        ],
        "robotics": [
            "Son robot humanoïde peut désormais soulever des pièces de {kg} kilos sur une chaîne de montage.",
            "La division robotique prévoit de déployer un millier de robots industriels dans ses usines.",
            "L'IA physique, qui permet aux robots d'apprendre en observant, est la prochaine frontière, selon {ceo}.",
            "Le bras robotisé s'appuie sur la puce {pr} pour planifier ses mouvements en temps réel.",
        ],
        "capex": [
            "Les analystes prévoient une hausse des dépenses d'infrastructure pour l'IA l'an prochain.",
            "Le nouveau campus de {p} consommera environ {gw} gigawatts à pleine charge.",
            "Les hyperscalers ont relevé trois fois cette année leurs dépenses d'investissement prévues.",
            "Le plan comprend des capacités de calcul pour les clients qui entraînent leurs propres modèles.",
        ],
        "general": [
            "L'annonce intervient alors que la concurrence s'intensifie dans l'intelligence artificielle.",
            "Les investisseurs se demandent si ces dépenses seront rentables avant la fin de la décennie.",
            "Les régulateurs européens et asiatiques surveillent le secteur de près.",
            "L'entreprise n'a pas précisé comment le projet serait financé.",
            "Les élus locaux ont salué un projet synonyme d'emplois et de recettes fiscales pour {p}.",
        ],
    },
    "es": {
        "analyst": [
            "{an}, analista de {bank}, dijo que la magnitud del plan sorprendió al mercado.",
            "\u00abLa pregunta ya no es si construir, sino a qué velocidad\u00bb, dijo {an}, de {bank}.",
            "{an}, de {bank}, calcula que el proyecto podría elevar los ingresos anuales en una quinta parte.",
            "{an}, de {bank}, advirtió de que el suministro eléctrico, y no los chips, podría ser el cuello de botella.",
            "Según {an}, de {bank}, los competidores tendrán que responder en cuestión de meses.",
        ],
        "rival": [
            "Su rival {c2} anunció un proyecto similar en {p2} a principios de año.",
            "La decisión presiona a {c2}, que ha retrasado sus propios planes en {p2}.",
        ],
        "lead": [
            "{c} anunció el {d} una inversión de {n} mil millones de dólares en centros de datos en {p}.",
            "La empresa {c} invertirá {n} mil millones de dólares en infraestructura de IA en {p}, según informó el {d}.",
        ],
        "facts": [
            "Su consejero delegado, {ceo}, dijo que el proyecto estará terminado en {y}.",
            "\u00abSolo estamos al principio de esta expansión\u00bb, afirmó {ceo} en un comunicado.",
            "Las acciones de {c} subieron un {pct} % tras el anuncio.",
            "La planta de {p} dará empleo a unas {w} personas cuando abra.",
            "Según {ceo}, el sistema {pr} llegará a los primeros clientes el próximo trimestre.",
        ],
        "chips": [
            "El nuevo chip {pr} de la empresa se fabrica en 3 nanómetros en una fundición asociada.",
            "Los controles a la exportación de semiconductores avanzados pesan sobre las ventas.",
            "La demanda de memoria de alto ancho de banda supera la oferta desde hace un año, según los fabricantes de chips.",
            "El acelerador {pr} compite con los procesadores gráficos de Nvidia.",
        ],
        "robotics": [
            "Su robot humanoide puede levantar piezas de {kg} kilos en una cadena de montaje.",
            "La división de robótica prevé instalar mil robots industriales en sus propias fábricas.",
            "La IA física, que permite a los robots aprender observando, es la próxima frontera, dijo {ceo}.",
            "El brazo robótico usa el chip {pr} para planificar sus movimientos en tiempo real.",
        ],
        "capex": [
            "Los analistas esperan que el gasto en infraestructura de IA siga creciendo el próximo año.",
            "El nuevo campus de {p} consumirá unos {gw} gigavatios a plena carga.",
            "Los grandes proveedores de nube han elevado tres veces este año sus previsiones de gasto de capital.",
            "El plan incluye capacidad de cómputo para clientes que entrenan sus propios modelos.",
        ],
        "general": [
            "El anuncio llega en plena competencia por la inteligencia artificial.",
            "Los inversores se preguntan si el gasto será rentable antes de que termine la década.",
            "Los reguladores de Europa y Asia siguen de cerca el sector.",
            "La compañía no detalló cómo se financiará el proyecto.",
            "Las autoridades locales celebraron el plan por el empleo y los ingresos fiscales para {p}.",
        ],
    },
    "de": {
        "analyst": [
            "{an}, Analyst bei {bank}, sagte, der Umfang des Plans habe den Markt überrascht.",
            "\u201eDie Frage ist nicht mehr, ob gebaut wird, sondern wie schnell\u201c, sagte {an} von {bank}.",
            "{an} von {bank} schätzt, dass das Projekt den Jahresumsatz um ein Fünftel steigern könnte.",
            "{an} von {bank} warnte, nicht Chips, sondern die Stromversorgung könnte zum Engpass werden.",
            "Nach Einschätzung von {an} von {bank} müssen Konkurrenten binnen Monaten reagieren.",
        ],
        "rival": [
            "Der Rivale {c2} hatte Anfang des Jahres ein ähnliches Projekt in {p2} angekündigt.",
            "Der Schritt setzt {c2} unter Druck, das seine eigenen Pläne in {p2} verschoben hat.",
        ],
        "lead": [
            "{c} kündigte am {d} Investitionen von {n} Milliarden Dollar in Rechenzentren in {p} an.",
            "Der Konzern {c} will {n} Milliarden Dollar in KI-Infrastruktur in {p} investieren, teilte er am {d} mit.",
        ],
        "facts": [
            "Vorstandschef {ceo} sagte, das Projekt solle bis {y} fertig sein.",
            "\u201eWir stehen erst am Anfang dieses Ausbaus\u201c, sagte {ceo} in einer Mitteilung.",
            "Die Aktie von {c} stieg nach der Ankündigung um {pct} Prozent.",
            "Der Standort in {p} soll nach der Eröffnung rund {w} Menschen beschäftigen.",
            "Laut {ceo} soll das System {pr} im nächsten Quartal an erste Kunden gehen.",
        ],
        "chips": [
            "Der neue KI-Chip {pr} des Unternehmens wird bei einem Auftragsfertiger in 3 Nanometern gefertigt.",
            "Exportkontrollen für moderne Halbleiter belasten den Absatz in mehreren Märkten.",
            "Die Nachfrage nach Speicher mit hoher Bandbreite übersteigt seit einem Jahr das Angebot, sagen Chiphersteller.",
            "Der Beschleuniger {pr} konkurriert direkt mit den Grafikprozessoren von Nvidia.",
        ],
        "robotics": [
            "Sein humanoider Roboter hebt am Fließband Teile mit bis zu {kg} Kilogramm.",
            "Die Robotiksparte will tausend Industrieroboter in den eigenen Werken einsetzen.",
            "Physische KI, mit der Roboter durch Zuschauen lernen, sei die nächste Grenze, sagte {ceo}.",
            "Der Roboterarm plant seine Bewegungen mit dem Chip {pr} in Echtzeit.",
        ],
        "capex": [
            "Analysten erwarten, dass die Ausgaben für KI-Infrastruktur im nächsten Jahr weiter steigen.",
            "Der neue Campus in {p} soll bei Volllast etwa {gw} Gigawatt Strom benötigen.",
            "Die großen Cloud-Anbieter haben ihre Investitionsausgaben in diesem Jahr dreimal angehoben.",
            "Der Plan umfasst Rechenkapazität für Kunden, die eigene Modelle trainieren.",
        ],
        "general": [
            "Die Ankündigung fällt in eine Zeit wachsenden Wettbewerbs um künstliche Intelligenz.",
            "Investoren fragen sich, ob sich die Ausgaben noch in diesem Jahrzehnt auszahlen.",
            "Aufseher in Europa und Asien beobachten die Branche genau.",
            "Wie das Projekt finanziert wird, ließ das Unternehmen offen.",
            "Lokalpolitiker begrüßten den Plan wegen der Arbeitsplätze und Steuereinnahmen für {p}.",
        ],
    },
    "zh": {
        "analyst": [
            "{bank}分析师{an}表示，该计划的规模令市场感到意外。",
            "{bank}的{an}说：\u201c问题已不再是要不要建，而是建多快。\u201d",
            "{bank}的{an}估计，该项目可使年收入增长五分之一。",
            "{bank}的{an}警告说，瓶颈可能是电力供应而不是芯片。",
            "{bank}的{an}认为，竞争对手将在几个月内作出回应。",
        ],
        "rival": [
            "竞争对手{c2}今年早些时候在{p2}宣布了类似项目。",
            "此举给推迟了{p2}计划的{c2}带来压力。",
        ],
        "lead": [
            "{c}公司{d}宣布将在{p}投资{nz}亿美元建设数据中心。",
            "{c}{d}表示，将在{p}投入{nz}亿美元用于人工智能基础设施建设。",
        ],
        "facts": [
            "首席执行官{ceo}表示，该项目预计于{y}年完工。",
            "{ceo}在声明中说：\u201c这项建设才刚刚开始。\u201d",
            "消息公布后，{c}股价上涨{pct}%。",
            "{p}的新园区建成后将雇用约{w}名员工。",
            "{ceo}称，{pr}系统将于下个季度交付首批客户。",
        ],
        "chips": [
            "该公司新款{pr}人工智能芯片由代工伙伴采用3纳米工艺制造。",
            "先进半导体出口管制影响了公司在多个市场的销售。",
            "芯片制造商表示，高带宽内存供不应求的局面已持续一年。",
            "{pr}加速器直接与英伟达的图形处理器竞争。",
        ],
        "robotics": [
            "其人形机器人可以在生产线上搬运{kg}公斤的零件。",
            "公司机器人部门计划在自有工厂部署一千台工业机器人。",
            "{ceo}说，让机器人通过观察学习任务的具身智能是下一个前沿。",
            "该机械臂使用{pr}芯片实时规划动作。",
        ],
        "capex": [
            "分析人士预计明年人工智能基础设施支出将继续增长。",
            "{p}新数据中心满负荷运行时耗电约{gw}吉瓦。",
            "大型云服务商今年已三次上调资本支出预期。",
            "该计划包括为自行训练模型的客户提供算力集群。",
        ],
        "general": [
            "此次宣布正值人工智能领域竞争日益激烈之际。",
            "投资者质疑这些支出能否在十年内获得回报。",
            "欧洲和亚洲的监管机构正密切关注该行业。",
            "公司没有透露项目的融资方式。",
            "当地官员对该计划表示欢迎，认为将为{p}带来就业和税收。",
        ],
    },
    "ja": {
        "analyst": [
            "{bank}のアナリスト、{an}氏は計画の規模が市場を驚かせたと述べた。",
            "{bank}の{an}氏は「もはや建設するかどうかではなく、どれだけ速く建設するかが問題だ」と話す。",
            "{bank}の{an}氏は、この事業で年間売上高が2割増える可能性があると試算する。",
            "{bank}の{an}氏は、半導体よりも電力供給が制約になりかねないと警告した。",
            "{bank}の{an}氏によると、競合各社は数カ月以内に対応を迫られる。",
        ],
        "rival": [
            "競合の{c2}は今年初め、{p2}で同様の計画を発表している。",
            "今回の動きは、{p2}での計画を延期した{c2}に圧力をかける。",
        ],
        "lead": [
            "{c}は{d}、{p}のデータセンターに{nz}億ドルを投資すると発表した。",
            "{c}は{d}、{p}でAIインフラに{nz}億ドルを投じる計画を明らかにした。",
        ],
        "facts": [
            "{ceo}最高経営責任者は、計画は{y}年までに完了する見通しだと述べた。",
            "{ceo}氏は声明で「この整備はまだ始まったばかりだ」と語った。",
            "発表を受けて{c}の株価は{pct}%上昇した。",
            "{p}の拠点は開業時に約{w}人を雇用する予定だ。",
            "{ceo}氏によると、{pr}システムは来四半期に最初の顧客へ出荷される。",
        ],
        "chips": [
            "同社の新しいAIチップ「{pr}」は提携ファウンドリが3ナノメートルの工程で製造する。",
            "先端半導体の輸出規制が複数の市場での販売に影響している。",
            "半導体メーカーによると、広帯域メモリーの需要は1年にわたり供給を上回っている。",
            "{pr}アクセラレーターはエヌビディアのGPUと直接競合する。",
        ],
        "robotics": [
            "人型ロボットは組み立てラインで{kg}キロの部品を運ぶことができる。",
            "同社のロボット部門は自社工場に産業用ロボット1000台を導入する計画だ。",
            "{ceo}氏は、ロボットが観察によって作業を学ぶフィジカルAIが次のフロンティアだと述べた。",
            "ロボットアームは{pr}チップで動作をリアルタイムに計画する。",
        ],
        "capex": [
            "アナリストはAIインフラへの投資が来年も増えると予想している。",
            "{p}の新しいデータセンターは全面稼働時に約{gw}ギガワットの電力を使う。",
            "大手ハイパースケーラーは今年、設備投資の見通しを3度引き上げた。",
            "計画には自社モデルを訓練する顧客向けの計算基盤も含まれる。",
        ],
        "general": [
            "今回の発表は人工知能をめぐる競争が激しさを増すなかで行われた。",
            "投資家はこの支出が10年以内に回収できるか疑問視している。",
            "欧州とアジアの規制当局は業界の動向を注視している。",
            "同社は資金調達の方法を明らかにしていない。",
            "地元当局は{p}に雇用と税収をもたらすとして計画を歓迎した。",
        ],
    },
}
LANGUAGES = list(SENTENCES)
CJK = {"zh", "ja"}
# Kept for callers of the old module: every sentence of each language.
LANGS = {lang: [s for pool in pools.values() for s in pool] for lang, pools in SENTENCES.items()}
SEARCH_WORD = "Kinetica"
"""A word found in many synthetic articles of every language (a company name), for search timings."""


# --------------------------------------------------------------------------- events
_event_of: list[int] = []
"""Article index → event index (grown on demand; the same prefix whatever the archive size)."""
_first_of: list[int] = []
"""Event index → index of its first article."""
_sizes = random.Random(SEED)


def _layout(n: int) -> None:
    while len(_event_of) < n:
        event = len(_first_of)
        _first_of.append(len(_event_of))
        _event_of.extend([event] * _sizes.randint(1, 4))  # 1-4 articles, about 2.5 on average


def event_of(i: int) -> int:
    """The event (story) article `i` belongs to."""
    _layout(i + 1)
    return _event_of[i]


def _event(event: int, day: date | None = None) -> dict:
    """The facts every article of one event shares."""
    rnd = random.Random(SEED * 1_000_003 + event)
    n = rnd.randint(2, 95)
    company = rnd.choice(COMPANIES)
    return {
        "c": company,
        "place": rnd.choice(PLACES),
        "n": n,
        "nz": n * 10,
        "ceo": f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}",
        "pr": f"{company[0]}{rnd.randint(2, 99)}",
        "pct": rnd.randint(2, 19),
        "w": rnd.randint(3, 60) * 100,
        "kg": rnd.randint(5, 80),
        "gw": rnd.randint(1, 5),
        "y": rnd.randint(2026, 2030),
        "topic": rnd.choice(TOPICS),
        "day": day or YEAR_START + timedelta(days=rnd.randrange(363)),  # +0..2 days per article: still 2025
        "lang0": rnd.randrange(len(LANGUAGES)),
    }


def _date_words(day: date, lang: str) -> str:
    if lang in CJK:
        return f"{day.month}月{day.day}日"
    month = MONTHS[lang][day.month - 1]
    return {"en": f"{month} {day.day}", "fr": f"{day.day} {month}", "es": f"{day.day} de {month}",
            "de": f"{day.day}. {month}"}[lang]


def _meta_line(day: date, lang: str, outlet: str) -> str:
    """The date and outlet line above the story, as saved news pages show it."""
    if lang in CJK:
        return f"{day.year}年{day.month}月{day.day}日 {outlet}"
    return f"{_date_words(day, lang)} {day.year} | {outlet}"


def _compose(facts: dict, position: int, rnd: random.Random) -> str:
    """One article of an event: the `position`-th language after the event's first, own outlet and sentences."""
    lang = LANGUAGES[(facts["lang0"] + position) % len(LANGUAGES)]  # 1-4 articles: all in different languages
    day = facts["day"] + timedelta(days=0 if position == 0 else rnd.randint(0, 2))
    script = {"zh": 1, "ja": 2}.get(lang, 0)
    rival = rnd.choice([c for c in COMPANIES if c != facts["c"]])
    fill = {**facts, "p": facts["place"][script], "d": _date_words(day, lang), "m": rnd.randint(2, 9),
            "an": f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}", "bank": rnd.choice(BANKS),
            "c2": rival, "p2": rnd.choice(PLACES)[script]}
    pools = SENTENCES[lang]
    topic = facts["topic"]
    other = rnd.choice([t for t in TOPICS if t != topic])
    # Sampled without repeats: a sentence twice in one article would be dropped as a repeat.
    chosen = (rnd.sample(pools["facts"], rnd.randint(2, 4)) + rnd.sample(pools[topic], rnd.randint(2, 4))
              + rnd.sample(pools[other], rnd.randint(1, 2)) + rnd.sample(pools["general"], rnd.randint(2, 4))
              + rnd.sample(pools["analyst"], rnd.randint(1, 3)) + rnd.sample(pools["rival"], rnd.randint(0, 1)))
    rnd.shuffle(chosen)
    sentences = [rnd.choice(pools["lead"])] + chosen
    joiner = "" if lang in CJK else " "
    paragraphs, k = [], 0
    while k < len(sentences):
        size = 1 if k == 0 else rnd.randint(1, 3)
        paragraphs.append(joiner.join(s.format(**fill) for s in sentences[k:k + size]))
        k += size
    headline = HEADLINES[lang][topic].format(**fill)
    outlet = rnd.choice(OUTLETS[lang])
    header = [b.format(**fill) for b in HEADER_BOILERPLATE[lang]]
    if lang == "ja":
        headline = "【写真を見る】" + headline  # as Yahoo! Japan pages saved by the page store show it
    lines = [headline, *header[:1], _meta_line(day, lang, outlet), *header[1:], *paragraphs,
             *TAIL_BOILERPLATE[lang]]
    return "\n\n".join(lines) + "\n"


def article(i: int) -> str:
    """The i-th synthetic raw article (plain text, as a saved news page)."""
    event = event_of(i)
    position = i - _first_of[event]
    return _compose(_event(event), position, random.Random(SEED * 7_919 + i))


def language_of(i: int) -> str:
    event = event_of(i)
    return LANGUAGES[(_event(event)["lang0"] + i - _first_of[event]) % len(LANGUAGES)]


def file_name(i: int) -> str:
    return f"{i:05d}.txt"


def write_archive(inbox: Path, n: int) -> None:
    """Write articles 0..n-1 into `inbox`."""
    inbox.mkdir(parents=True, exist_ok=True)
    _layout(n)
    for i in range(n):
        (inbox / file_name(i)).write_text(article(i), encoding="utf-8")


def extra_article(n: int) -> str:
    """A new article for an archive of `n`: a new event (no other article shares its facts), dated after all."""
    event = 10_000_000 + n  # far beyond any archive's events
    return _compose(_event(event, day=EXTRA_DAY), 0, random.Random(SEED * 7_919 + event))


def write_extra(inbox: Path, n: int) -> Path:
    """Write the added article for an archive of `n` into `inbox`; returns its path."""
    path = inbox / f"new-{n:05d}.txt"
    path.write_text(extra_article(n), encoding="utf-8")
    return path


if __name__ == "__main__":  # print a few articles of one event, and the added one
    import sys

    for index in range(int(sys.argv[1]) if len(sys.argv) > 1 else 5):
        print(f"--- {index} (event {event_of(index)})\n{article(index)}")
    print(f"--- added\n{extra_article(10)}")
