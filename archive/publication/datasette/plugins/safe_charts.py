"""Dashboard charts only of the kinds that show query results as text. datasette-dashboards
writes `table` and `metric` charts and `map` popups with innerHTML: a scraped author name such as
`<img src=x onerror=...>` became a live element on the dashboard (the Content-Security-Policy
stopped only its handler). Its Vega and Vega-Lite charts draw text as text, so the archive's
charts are those, and a server whose metadata asks for another kind refuses to start."""

from datasette import hookimpl

HTML_CHARTS = ("table", "metric", "map")


def unsafe_charts(config: dict | None) -> list[str]:
    return [f"{dashboard}/{slug} ({chart.get('library')})"
            for dashboard, spec in (config or {}).items()
            for slug, chart in (spec.get("charts") or {}).items()
            if chart.get("library") in HTML_CHARTS]


@hookimpl
def startup(datasette):
    unsafe = unsafe_charts(datasette.plugin_config("datasette-dashboards"))
    if unsafe:
        raise RuntimeError(f"dashboard charts that would render scraped text as HTML: "
                           f"{', '.join(unsafe)}; use a vega or vega-lite chart instead")
