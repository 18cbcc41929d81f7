"""The model card (Markdown and HTML) and the Algoritmeregister entry, from the registry.

Everything here is read from a frozen version folder (manifest, metrics, global importance, the
fairness gate when present), so the card describes exactly the model that was frozen. Dutch by
default, English available.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import pandas as pd

from models import registry
from models.features import AGENCIES
from models.sentences import FEATURE_MEANING
from signals.i18n import current_language
from signals.paths import DataDir
from signals.sources import load_sources

__all__ = ["algoritmeregister_entry", "card_context", "render_card", "write_card"]

_TEXT: dict[str, dict[str, str]] = {
    "title": {
        "nl": "Modelkaart: risicomodel vroegsignaal",
        "en": "Model card: vroegsignaal risk model",
    },
    "purpose_h": {"nl": "Doel", "en": "Purpose"},
    "purpose": {
        "nl": (
            "Het model zet huishoudens met een betalingsachterstand bij de overheid op "
            "volgorde van de kans dat hun schulden binnen 12 maanden problematisch worden (een "
            "aanmelding voor schuldhulp, WSNP, ontruiming of afsluiting). Zo kan een sociaal "
            "team met beperkte capaciteit eerst de huishoudens benaderen die hulp het hardst "
            "nodig hebben. Het model "
            "biedt alleen hulp aan: het wordt nooit gebruikt voor handhaving, sancties of "
            "fraudeonderzoek. Een medewerker beslist altijd zelf of en hoe er contact komt."
        ),
        "en": (
            "The model ranks households with payment arrears to government by the chance that "
            "their debts turn problematic within 12 months (a debt-help registration, WSNP, "
            "eviction or disconnection), so a social team with limited capacity reaches those who "
            "need help most first. It only offers help: it is never used for enforcement, "
            "sanctions or fraud detection. A person always decides whether and how to reach out."
        ),
    },
    "data_h": {"nl": "Gegevens", "en": "Data"},
    "features_h": {"nl": "Kenmerken", "en": "Features"},
    "features_note": {
        "nl": (
            "Geen beschermd kenmerk (geslacht, leeftijd, migratieachtergrond, nationaliteit, wijk) "
            "of iets dat daarvan is afgeleid is invoer van het model."
        ),
        "en": (
            "No protected attribute (gender, age, migration background, nationality, "
            "neighbourhood) or anything derived from one is a model input."
        ),
    },
    "metrics_h": {"nl": "Prestaties", "en": "Performance"},
    "metrics_note": {
        "nl": (
            "Getoetst op {n} testmaanden ({first} tot en met {last}); per testmaand is alleen "
            "getraind op uitkomsten die vóór die maand bekend waren. k = {k} huishoudens per maand."
        ),
        "en": (
            "Tested on {n} test months ({first} to {last}); each test month was trained only on "
            "outcomes known before that month. k = {k} households per month."
        ),
    },
    "importance_h": {"nl": "Wat weegt het zwaarst", "en": "What weighs most"},
    "dependence_h": {
        "nl": "Hoe de score afhangt van de belangrijkste kenmerken",
        "en": "How the score depends on the main features",
    },
    "dependence_note": {
        "nl": "Gemiddelde bijdrage (log-odds) per groep waarden; steekproef per testmaand.",
        "en": "Mean contribution (log-odds) per value range, over a sample per test month.",
    },
    "gate_h": {"nl": "Eerlijkheidstoets", "en": "Fairness gate"},
    "gate_missing": {
        "nl": "Nog niet getoetst. Het model mag pas actief worden na een geslaagde toets.",
        "en": "Not audited yet. The model may become active only after a passed audit.",
    },
    "limits_h": {"nl": "Grenzen en risico's", "en": "Limits and risks"},
}

_LIMITS = {
    "nl": [
        "Hulp verandert de uitkomst waarvan het model leert: een huishouden dat op tijd geholpen "
        "wordt, komt minder vaak in de schuldhulp of de WSNP terecht. Latere trainingsgegevens "
        "laten dan een lager risico zien voor precies de huishoudens die het model hoog zette. "
        "Vergelijk daarom met de drempelregel en houd uitkomsten van benaderde en niet-"
        "benaderde huishoudens apart bij.",
        "Het label is een geregistreerde uitkomst, niet de echte financiële nood. Wie geen hulp "
        "zoekt of niet geregistreerd wordt, telt als 'geen uitkomst'. Dat kan per groep "
        "verschillen (labelbias); de eerlijkheidstoets moet dit bewaken.",
        "Aanleveringen van instanties kunnen per groep vaker of minder vaak ontbreken "
        "(meetbias). Een ontbrekende bron maakt scores lager, niet hoger.",
        "De kans is gekalibreerd op de laatste maanden vóór het trainen. Als de situatie "
        "verandert (nieuwe regels, crisis) klopt de kans minder goed; de volgorde blijft "
        "bruikbaar langer.",
        "Op gesimuleerde gegevens zegt het orakel hoe goed het best mogelijke model had kunnen "
        "zijn. In het echt is het orakel onbekend.",
        "Het model beslist niets. Een medewerker kiest, kan afwijken, en legt vast waarom.",
    ],
    "en": [
        "Outreach changes the outcomes the model learns from: a household helped in time less "
        "often ends up in debt help or WSNP, so later training data shows a lower risk for "
        "exactly the households the model ranked high. Keep comparing with the threshold rule "
        "and track outcomes of reached and not-reached households separately.",
        "The label is a recorded outcome, not true financial distress. Who seeks no help or is "
        "not recorded counts as 'no outcome'; this can differ between groups (label bias), "
        "which the fairness audit must watch.",
        "Agency deliveries may be missing more often for some groups (measurement bias). A "
        "missing source lowers scores, it never raises them.",
        "The probability is calibrated on the last months before training. When circumstances "
        "change (new rules, a crisis) it becomes less accurate; the ranking stays useful "
        "longer.",
        "On simulated data the oracle says how good the best possible model could have been. "
        "In real use the oracle is unknown.",
        "The model decides nothing. A person chooses, may disagree, and records why.",
    ],
}

#: The cohort limit, shown for versions whose cohort leaves out households in debt help.
_DEBT_HELP_LIMIT = {
    "nl": "Huishoudens die al schuldhulp krijgen (aanmelding voor schuldhulp of WSNP in de "
    "laatste 24 maanden, zoals bekend op de peildatum) staan niet op de lijst en tellen niet mee "
    "in training en toetsing: zij krijgen al hulp. Een aanmelding van vóór de eerste aanlevering "
    "van uitkomsten ziet het model niet.",
    "en": "Households already in debt help (a debt-help registration or WSNP admission in the "
    "last 24 months, as known at the as-of month) are not on the list and are left out of "
    "training and testing: they already receive help. A registration from before the first "
    "delivery of outcomes is not seen.",
}


def _limits(manifest: dict[str, Any], lang: str) -> list[str]:
    limits = list(_LIMITS[lang])
    if manifest.get("config", {}).get("exclude_debt_help"):
        limits.insert(0, _DEBT_HELP_LIMIT[lang])
    return limits


_RANKER_LABEL = {
    "model": {"nl": "Model (LightGBM)", "en": "Model (LightGBM)"},
    "threshold_rule": {"nl": "Drempelregel (pilot)", "en": "Threshold rule (pilot)"},
    "logistic_regression": {"nl": "Logistische regressie", "en": "Logistic regression"},
    "oracle": {"nl": "Orakel (ware kans)", "en": "Oracle (true probability)"},
}


def _dependence(frame: pd.DataFrame, bins: int = 5) -> list[dict[str, Any]]:
    """Per main feature: the mean contribution (log-odds) in value bins (quantiles of the sampled
    households), i.e. how the score depends on the feature."""
    out = []
    for name, rows in frame.groupby("feature", sort=False):
        values = rows["value"].to_numpy()
        edges = np.unique(np.quantile(values, np.linspace(0, 1, bins + 1)))
        if len(edges) < 2:
            continue
        which = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)
        points = []
        for b in range(len(edges) - 1):
            mask = which == b
            if mask.any():
                points.append(
                    {
                        "low": float(edges[b]),
                        "high": float(edges[b + 1]),
                        "contribution": float(rows["contribution"].to_numpy()[mask].mean()),
                        "households": int(mask.sum()),
                    }
                )
        out.append({"name": str(name), "points": points})
    return out


def card_context(data: DataDir, version: str, lang: str | None = None) -> dict[str, Any]:
    """Everything the card shows, read from the frozen version."""
    lang = lang or current_language()
    entry = registry.load(data, version)
    manifest, metrics = entry.manifest, entry.metrics
    importance = pd.read_parquet(entry.path / "global_importance.parquet")
    ranked = (
        importance.groupby("feature")["mean_abs_contribution"].mean().sort_values(ascending=False)
    )
    dependence = pd.read_parquet(entry.path / "global_dependence.parquet")
    gate_path = entry.path / registry.GATE_FILE
    gate = json.loads(gate_path.read_text("utf-8")) if gate_path.is_file() else None
    rankers = ["model", "threshold_rule", "logistic_regression", "oracle"]
    rows = [
        {
            "name": _RANKER_LABEL[r][lang],
            **{m: metrics[m].get(r) for m in ("precision_at_k", "recall_at_k", "pr_auc", "brier")},
        }
        for r in rankers
        if metrics["precision_at_k"].get(r) is not None
    ]
    sources = load_sources()
    months = metrics["test_months"]
    return {
        "lang": lang,
        "t": {k: v[lang] for k, v in _TEXT.items()},
        "version": version,
        "manifest": manifest,
        "metrics": metrics,
        "metric_rows": rows,
        "metrics_note": _TEXT["metrics_note"][lang].format(
            n=len(months), first=months[0], last=months[-1], k=metrics["k"]
        ),
        "features": [
            {
                "name": f,
                "meaning": FEATURE_MEANING[f][0 if lang == "nl" else 1],
                "importance": float(ranked.get(f, 0.0)),
            }
            for f in manifest["features"]
        ],
        "top_features": [
            {
                "name": f,
                "importance": float(v),
                "meaning": FEATURE_MEANING[f][0 if lang == "nl" else 1],
            }
            for f, v in zip(ranked.index[:10].astype(str), ranked.to_numpy()[:10], strict=True)
        ],
        "sources": [
            {"bron": b, "naam": sources[b].naam, "grondslag": sources[b].grondslag}
            for b in (*AGENCIES, "brp", "uitkomsten")
            if b in sources
        ],
        "gate": gate,
        "dependence": _dependence(dependence),
        "limits": _limits(manifest, lang),
    }


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("models", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def render_card(data: DataDir, version: str, *, fmt: str = "md", lang: str | None = None) -> str:
    """The card as Markdown (``fmt="md"``) or a standalone HTML page (``fmt="html"``)."""
    env = _env()
    env.filters["fmt"] = _fmt
    return env.get_template(f"card.{fmt}.j2").render(**card_context(data, version, lang))


def algoritmeregister_entry(data: DataDir, version: str) -> dict[str, Any]:
    """An entry in the fields of the Algoritmeregister publication standard (Dutch, as the
    register is), filled from the registry. Fields the municipality must fill itself (contact,
    IAMA/DPIA references, objection procedure details) are marked ``"IN TE VULLEN: ..."``."""
    ctx = card_context(data, version, "nl")
    m = ctx["metrics"]
    p = m["precision_at_k"]
    oracle = f", orakel {p['oracle']:.2f}" if p.get("oracle") is not None else ""
    grondslagen = sorted({s["grondslag"] for s in ctx["sources"]})
    return {
        "name": "Vroegsignalering stapelende schulden bij de overheid",
        "organization": "IN TE VULLEN: naam van de gemeente",
        "description_short": (
            "Een model zet huishoudens met betalingsachterstanden bij CJIB, CAK, DUO en "
            "Belastingdienst op volgorde van de kans op problematische schulden, zodat het "
            "sociaal team hulp kan aanbieden aan wie die het hardst nodig heeft."
        ),
        "type": "Zelflerend algoritme",
        "category": ["Sociale zekerheid", "Schuldhulpverlening"],
        "status": "In gebruik" if _is_active(data, version) else "In ontwikkeling",
        "goal": _TEXT["purpose"]["nl"],
        "impact": (
            "Huishoudens hoog op de lijst krijgen eerder een aanbod van hulp (brief, telefoon of "
            "huisbezoek). Er volgt nooit een sanctie of controle uit; het aanbod is vrijwillig."
        ),
        "proportionality": (
            "Alleen gegevens over achterstanden bij de overheid en de grootte van het huishouden "
            "worden gebruikt, gepseudonimiseerd. Namen en contactgegevens worden pas opgehaald "
            "als een medewerker een huishouden tot casus maakt."
        ),
        "decision_making_process": (
            "Het model maakt een lijst; een medewerker van het sociaal team beslist of en hoe er "
            "contact komt en legt vast waarom, ook als die afwijkt van de volgorde."
        ),
        "documentation": f"Modelkaart van versie {version} (vroegsignaal model card).",
        "competent_authority": "IN TE VULLEN: college van burgemeester en wethouders",
        "lawful_basis": "; ".join(grondslagen),
        "iama": "IN TE VULLEN: ja/nee en datum",
        "dpia": "IN TE VULLEN: ja/nee en datum",
        "objection_procedure": (
            "Er wordt geen besluit genomen; een inwoner kan een aanbod weigeren en kan inzage "
            "vragen in wie zijn gegevens heeft bekeken. IN TE VULLEN: contactpunt."
        ),
        "source_data": "; ".join(f"{s['naam']} ({s['bron']})" for s in ctx["sources"]),
        "methods_and_models": (
            f"LightGBM (gradient boosting), gekalibreerd met een Platt-curve op de laatste "
            f"maanden vóór het trainen; {len(ctx['features'])} kenmerken; temporele validatie "
            f"over {len(m['test_months'])} testmaanden; uitleg per huishouden met exacte "
            f"SHAP-waarden in gewone taal. Modelversie {version}, "
            f"code {ctx['manifest']['code_version']}."
        ),
        "monitoring": (
            "Elke maand: eerlijkheidstoets per groep (met betrouwbaarheidsintervallen) op nieuwe "
            "scores en echte uitkomsten; een model wordt alleen actief na een geslaagde toets."
        ),
        "human_intervention": (
            "Een medewerker werkt elke casus; afwijken van de volgorde kan altijd en wordt met "
            "reden vastgelegd. Het model kan worden stilgezet door de actieve versie in te trekken."
        ),
        "risks": " ".join(_limits(ctx["manifest"], "nl")),
        "performance_standard": (
            f"Precisie bij capaciteit k={m['k']}: model {p['model']:.2f}, drempelregel "
            f"{p['threshold_rule']:.2f}, logistische regressie "
            f"{p['logistic_regression']:.2f}{oracle}."
        ),
        "provider": "vroegsignaal (open source, EUPL-1.2)",
        "standard_version": "Algoritmeregister publicatiestandaard 1.0",
        "lang": "nld",
    }


def _is_active(data: DataDir, version: str) -> bool:
    try:
        return registry.active_version(data) == version
    except Exception:  # no active model yet
        return False


def write_card(data: DataDir, version: str, *, lang: str | None = None) -> list[Path]:
    """Write ``model_card.md``, ``model_card.html`` and ``algoritmeregister.json`` next to the
    version (``DATA/models/<version>/card/``; generated, so outside the frozen files)."""
    folder = data.models / version / "card"
    folder.mkdir(exist_ok=True)
    paths = [
        folder / "model_card.md",
        folder / "model_card.html",
        folder / "algoritmeregister.json",
    ]
    paths[0].write_text(render_card(data, version, fmt="md", lang=lang), "utf-8")
    paths[1].write_text(render_card(data, version, fmt="html", lang=lang), "utf-8")
    paths[2].write_text(
        json.dumps(algoritmeregister_entry(data, version), indent=2, ensure_ascii=False) + "\n",
        "utf-8",
    )
    return paths
