"""The data page's body: the table, each tie's sources and citation, methodology, changes, reports."""

from __future__ import annotations

import datetime as dt
import logging
import uuid

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.app_data import built_once, once_per_version
from components.detail_panel import found_list, render_pair_detail, selectable_pairs_table
from components.export_panel import data_export_panel
from components.frame import Frame, pair_url, share_view
from sistercities import clients, corrections
from sistercities.details import date_text, pairs_table, shows_pair, table_rows
from sistercities.escaping import escape_markdown, safe_url
from sistercities.outcomes import EVIDENCE_CODES, EVIDENCE_DEFINITIONS, EXCLUSION_LABELS
from sistercities.record import dataset_citation, outcome_examples, pair_citation, source_figures
from sistercities.settings import settings
from sistercities.summaries import actor_counts, actor_sentence, evidence_sentence
from sistercities.ties import tie_labels

TABLE_KEY = "data_table"
_LINKED = "data_record_linked"  # the page was opened on a tie's record by a link, not by the table


@st.cache_resource(show_spinner=False)
def _engine(url: str):
    return corrections.make_engine(url)


def render_data_page(page: Frame) -> None:
    dataset = page.dataset
    st.title("Data and sources")
    st.caption(
        f"Every tie, what it decided and where that is written. Version {escape_markdown(dataset.version)}, "
        f"data updated {escape_markdown(dataset.last_updated)}. Select a row for its sources, a citation "
        "and a way to report an error."
    )
    found_list(page, table_below=True)
    chosen = page.chosen_pair
    # The record opens below the table: above it, choosing a row pushed the table away from under
    # the reader's finger. A link from outside (/data?pair=ID) says where the record is, and goes
    # on saying it while the reader picks other rows, so the table never moves.
    arrived = chosen is not None and (
        st.session_state.get(_LINKED) or chosen != st.session_state.get(TABLE_KEY + "_picked")
    )
    st.session_state[_LINKED] = bool(arrived)
    if arrived:
        st.markdown("The chosen tie's record is below the table: [go to the record](#tie-record).")
    rows, notice = table_rows(page.pairs)
    if notice:
        st.info(notice, icon=":material/table_rows:")

    def data_table():
        table = pairs_table(rows, dataset.sources)
        table["Last verified"] = rows["last_verified"].dt.strftime("%Y-%m-%d").fillna("").to_numpy()
        table["Summary"] = rows["summary"].to_numpy()
        return table

    # Once per view: finding each tie's first source among 100,000 costs 0.14 s a run.
    table = built_once("data_table", page.view_key, build=data_table)
    selectable_pairs_table(table, TABLE_KEY, {"Summary": st.column_config.TextColumn(width="large")})
    if chosen is not None:
        st.subheader("The chosen tie's record", anchor="tie-record")
        _pair_record(page, chosen)

    share_view(page)
    st.subheader("Download the data", anchor=False)
    data_export_panel(page, "data")
    _dataset_citation(page)
    _methodology(page)
    _changes(page)


@st.fragment
def _dataset_citation(page: Frame) -> None:
    """A fragment: opening the box reruns it alone. Lazy, like the export panels: the code box's
    highlighter script is 1.5 MB."""
    cite = st.expander("Cite this dataset", icon=":material/format_quote:", key="cite_dataset", on_change="rerun")
    if cite.open:
        with cite:
            st.markdown("**Copy citation** of the dataset")
            st.code(dataset_citation(page.dataset.meta, page.view_url, page.today), language=None, wrap_lines=True)


def _pair_record(page: Frame, pair_id: str) -> None:
    dataset = page.dataset
    render_pair_detail(dataset, pair_id, shown=shows_pair(page.pairs, pair_id))
    rows = dataset.pairs[dataset.pairs["pair_id"] == pair_id]
    if rows.empty:
        return
    st.markdown("**Copy citation** of this tie's record")
    st.code(pair_citation(rows.iloc[0], dataset.meta, pair_url(pair_id), page.today), language=None, wrap_lines=True)
    _report_form(page, pair_id)


@st.fragment
def _report_form(page: Frame, pair_id: str) -> None:
    """A fragment: sending a report, and the thanks or the errors, rerun the form alone."""
    pairs = page.dataset.pairs
    labels = once_per_version("labels", build=lambda: dict(zip(pairs["pair_id"], tie_labels(pairs))))
    # A label is markdown: the place names are escaped like any other data text.
    with st.expander(f"Report an error in {escape_markdown(labels[pair_id])}", icon=":material/flag:"):
        with st.form(f"report-{pair_id}", clear_on_submit=True):
            what = st.text_area("What is wrong?", max_chars=corrections.MAX_WHAT, key="report_what")
            url = st.text_input(
                "A source that shows the correct fact (web address)", max_chars=corrections.MAX_URL, key="report_url"
            )
            sent = st.form_submit_button("Send the report")
        if sent:
            _send_report(pair_id, what, url, set(labels))


def _reader_address() -> str:
    """Who sent a report, for the rate limit only (stored as a keyed hash). A proxy's X-Real-IP or
    X-Forwarded-For is believed only when the direct peer is in $CORRECTIONS_TRUSTED_PROXIES."""
    headers = st.context.headers
    forwarded = {
        # The last X-Real-IP is the nearest proxy's; X-Forwarded-For lines read as one list.
        "X-Real-IP": (headers.get_all("X-Real-IP") or [""])[-1],
        "X-Forwarded-For": ",".join(headers.get_all("X-Forwarded-For")),
    }
    return clients.reader_address(st.context.ip_address, forwarded, settings().trusted_proxies)


def _send_report(pair_id: str, what: str, url: str, known: set[str]) -> None:
    submission, errors = corrections.validate(pair_id, what, url, known)
    if errors:
        st.error("\n".join(f"- {escape_markdown(e)}" for e in errors))
        return
    secret = corrections.secret_key()
    if secret is None:
        logging.getLogger(__name__).error(
            "a report was refused: no reader key (set CORRECTIONS_KEY or run "
            "`python -m sistercities.corrections init` to create %s)",
            corrections.key_file(),
        )
        st.error("Reports are closed for now; nothing was saved. Please try again later.")
        return
    session = st.session_state.setdefault("report_session", uuid.uuid4().hex)
    client = corrections.client_key(_reader_address(), secret, dt.datetime.now(dt.UTC).date())
    try:
        stored = corrections.store(_engine(corrections.database_url()), submission, session, client=client)
    except SQLAlchemyError:
        logging.getLogger(__name__).exception("a correction report could not be stored")
        st.error(
            "Your report was **not** stored: the corrections database did not answer. Nothing was saved; "
            "please try again in a few minutes."
        )
        return
    if stored is None:
        st.error("Thank you, we have several reports already. Please try again in a few minutes; nothing was saved.")
    else:
        st.success("Thank you. An editor will review your report; the published data changes only after that.")


def _methodology(page: Frame) -> None:
    # Its figures count the whole record, not the view: written once per data version.
    dataset = page.dataset
    text, excluded = once_per_version("methodology", build=lambda: _methodology_text(dataset))
    st.subheader("Methodology", anchor=False)
    for block in text:
        st.markdown(block)
    if excluded:
        with st.container(key="excluded-ties"):
            st.markdown(excluded)


def _methodology_text(dataset) -> tuple[tuple[str, ...], str]:
    """The methodology's markdown blocks, and the list of ties left out ('' when none)."""
    figures = source_figures(dataset.pairs, dataset.sources)
    blocks = [
        f"""
**What counts as a tie.** An official sister relationship between a US city, county or state and a
Russian city or region, as the US side or Sister Cities International recorded it. Friendship-city and
partnership agreements that were not sister ties are left out (Houston's partnership agreement with
Moscow, for one). Ties that had lapsed before 2022 are left out; dormant ones that were never ended are in.

**Where the list came from.** Sister Cities International's count of 68 official US–Russia relationships
(March 2022) and the lists of about 97 US locales that circulated then were the starting point; each
tie was then confirmed in news reports, council records or the cities' own pages, region by region.
The data holds {len(dataset.pairs)} ties and {figures.citations} citations of {figures.distinct_urls}
distinct pages from {figures.publishers} publishers.

**Outcome codes.** The latest known status of each tie:
"""
    ]
    rows = []
    for example in outcome_examples(dataset.pairs):
        rows.append(
            f"| `{example.code}` | {example.label} | {example.definition} | {example.count} | "
            f"{escape_markdown(example.example) if example.example else '—'} |"
        )
    blocks.append(
        "| code | shown as | meaning | ties | example from the data |\n| --- | --- | --- | --- | --- |\n"
        + "\n".join(rows)
    )
    blocks.append(
        f"""
**Dates.** A decision is dated to the day when a source gives the day, to the month or year when it
gives only that ("March 2022", "2025"); nothing is guessed. Of {figures.decided} decided ties,
{figures.decided_with_day} are dated to the day. The status of a tie on any date is derived from its
dated events; a month- or year-only decision counts from the end of its month or year, and the
decision-date filter keeps it when its month or year overlaps the chosen range.

**Conflicting sources.** Local reports and official records win over national round-ups (several
round-ups called suspensions "severed"); where sources disagree the notes say which was followed and why.

**Who decided.** Every decision names its actor: the US city, county or state *government* (a council,
board, mayor, governor or legislature acting on this tie), the volunteer sister-city *association*, a
*state law* that ended ties (Texas HB 128 of 2025) or the *Russian side*. A tie "kept" by its volunteer
association was kept by the association, not by the city, and says so wherever it is shown.
{escape_markdown(actor_sentence(actor_counts(dataset.pairs)))}

**No action, or nothing found.** Two different findings, kept apart. *No action (tie left standing)*
means no decision by the US government side was found and a page published or read after
24 February 2022 shows the tie still standing: a city or association page listing the partner, or a
statement that nothing was done or planned. Such a page, when undated, counts only from the day it was
read, and the tie's record says it is undated. *Unknown (nothing found)* means nothing at all was found
about the tie after 24 February 2022, not that nothing happened. {figures.pairs_with_one_source} ties
rest on a single source. Every source records when it was published (when the page shows it) and the
day it was read; each tie records the day its record was last re-checked.

**New Ukrainian partners.** Where a US side with a Russian tie sought or formed a partnership with a
Ukrainian place after the invasion, the step is recorded as an event (explored, approved or signed) in
that tie's record. Reports of errors are welcome: select a tie above and use *Report an error*.
"""
    )
    blocks += _evidence_text(dataset.pairs)
    intro, excluded = _excluded_text(dataset.excluded)
    return (*blocks, intro), excluded


def _evidence_text(pairs) -> list[str]:
    blocks = [
        "**Evidence grades.** Each finding (every outcome but *unknown*) is graded by the best page "
        "behind it, and each source quotes the page's own words where they were recorded:"
    ]
    counts = pairs["evidence"].value_counts()
    blocks.append(
        "| grade | meaning | ties |\n| --- | --- | --- |\n"
        + "\n".join(
            f"| `{code}` | {escape_markdown(EVIDENCE_DEFINITIONS[code])} | {int(counts.get(code, 0))} |"
            for code in EVIDENCE_CODES
        )
    )
    said = evidence_sentence(pairs)
    if said:
        blocks.append(escape_markdown(said) + " A tie seen standing on a weak page only is recorded as unknown.")
    return blocks


def _excluded_text(excluded) -> tuple[str, str]:
    """The ties considered and left out, each with its reason, its page and the day it was read."""
    intro = f"""
**What was searched, and what was left out.** Russian cities' own lists of twin cities and US lists
(Sister Cities International, state and city pages) were searched. Each candidate found is either a
tie in the record above or listed here as left out, with its reason and the page that shows it.
{len(excluded)} {"tie was" if len(excluded) == 1 else "ties were"} considered and left out.
"""
    lines = []
    for row in excluded.itertuples(index=False):
        url = safe_url(row.source_url)
        source = f"[source](<{url}>)" if url else "source withheld: not an http address"
        note = f" {escape_markdown(row.note)}" if str(row.note).strip() else ""
        lines.append(
            f"- **{escape_markdown(row.us_place)}, {escape_markdown(row.us_state)} – "
            f"{escape_markdown(row.ru_place)}**: {escape_markdown(EXCLUSION_LABELS.get(row.reason, row.reason))}."
            f"{note} ({source}, read {date_text(row.accessed)})"
        )
    return intro, "\n".join(lines)


def _changes(page: Frame) -> None:
    dataset = page.dataset
    st.subheader("Versions and corrections", anchor=False)
    st.caption(f"Version {escape_markdown(dataset.version)}, data updated {escape_markdown(dataset.last_updated)}.")
    log = dataset.changelog.copy()
    if log.empty:
        st.caption("No changes recorded yet.")
        return
    log["date"] = log["date"].dt.strftime("%Y-%m-%d")
    st.dataframe(
        log.rename(
            columns={
                "date": "Date",
                "version": "Version",
                "kind": "Change",
                "pair_id": "Tie",
                "description": "What changed",
            }
        ),
        hide_index=True,
        column_config={"What changed": st.column_config.TextColumn(width="large")},
    )
