"""Command line: parse options, load config, call one function per command."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from . import __version__, pipeline
from .content.store import ContentStore
from .errors import BriefingError
from .project import Project

log = logging.getLogger("briefing")


def _verbose(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """-v, before or after the command name: debug messages from here on."""
    if value:
        logging.getLogger().setLevel(logging.DEBUG)


VERBOSE = click.option("-v", "--verbose", is_flag=True, expose_value=False, callback=_verbose,
                       help="Show debug messages.")
"""`-v` on the group and on every command: `briefing -v build` and `briefing build -v` both work."""


@click.group()
@click.version_option(__version__, "--version", prog_name="briefing", message="%(prog)s %(version)s")
@click.option("-f", "--config", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The project's mkdocs.yml.")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
@click.pass_context
def cli(ctx: click.Context, config_file: Path, verbose: bool) -> None:
    """Turn raw articles into a searchable news briefing site."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(levelname)-7s - %(message)s")
    ctx.obj = config_file


@cli.command()
@click.option("--strict", is_flag=True, help="Fail on skipped articles and on MkDocs warnings.")
@click.option("--offline", is_flag=True, help="Make no network connection: missing translations stay pending.")
@click.option("--full", is_flag=True, help="Run MkDocs for every language, even one whose site is current.")
@VERBOSE
@click.pass_obj
def build(config_file: Path, strict: bool, offline: bool, full: bool) -> None:
    """Ingest content/inbox, update content/articles, translate, and build the site."""
    project = Project.load(config_file)
    with pipeline.exclusive(project.config):
        report = pipeline.build(project, strict=strict, offline=offline, full=full, progress=_progress)
    click.echo(report.summary())
    if strict and report.failed:
        raise click.ClickException(
            f"{len(report.skipped)} article(s) skipped and {len(report.problems)} error(s) in strict mode")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@VERBOSE
@click.pass_obj
def inspect(config_file: Path, file: Path, fmt: str) -> None:
    """Run ingest and enrich on one raw FILE and print the result; writes nothing."""
    from .outputs.report import inspect_record, format_record

    config = Project.load(config_file).config if config_file.exists() else _default_config()
    article = pipeline.inspect(file, config, Path.cwd())
    record = inspect_record(article, pipeline.analysis_of(article, config))
    click.echo(json.dumps(record, ensure_ascii=False, indent=2) if fmt == "json" else format_record(record))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@VERBOSE
@click.pass_obj
def stories(config_file: Path, fmt: str) -> None:
    """Print the stories the articles in content/articles form; writes no content file."""
    from .outputs.report import BuildReport, stories_record

    project = Project.load(config_file)
    report = BuildReport()
    briefing = pipeline.assemble(project.config, report, ContentStore.load(project.articles), record=False,
                                 aliases=project.aliases)
    report.relative_to(project.root)
    for line in report.skipped + report.problems:
        click.echo(line, err=True)
    records = stories_record(briefing)
    if fmt == "json":
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    for story in records:
        click.echo(f"{story['id']}  ({len(story['articles'])} article{'s' if len(story['articles']) > 1 else ''})")
        for slug in story["articles"]:
            click.echo(f"  {'*' if slug == story['best'] else '-'} {slug}")


@cli.command()
@click.option("--lang", "languages", multiple=True, help="Site language to print (repeatable) [default: all].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="PDF to write (with a single --lang) [default: dist/briefing-<lang>.pdf].")
@click.option("--edition", metavar="DATE", default=None,
              help="The edition to print (YYYY-MM-DD; a weekly edition by any day of its week) [default: the latest].")
@click.option("--all", "whole", is_flag=True, help="Print the whole archive instead of one edition.")
@click.option("--offline", is_flag=True, help="Make no network connection: missing translations stay pending.")
@VERBOSE
@click.pass_obj
def pdf(config_file: Path, languages: tuple[str, ...], output: Path | None, edition: str | None, whole: bool,
        offline: bool) -> None:
    """Write an edition of the briefing (or, with --all, the whole archive) as a PDF, one per site language."""
    from .outputs import pdf as pdf_mod

    project = Project.load(config_file)
    chosen = _languages(project.config, languages)
    if output and len(chosen) > 1:
        raise click.BadParameter("-o needs exactly one --lang", param_hint="-o")
    if edition and whole:
        raise click.BadParameter("give --edition or --all, not both", param_hint="--all")
    with pipeline.exclusive(project.config):
        report, written = pdf_mod.export(project, project.dist, chosen, output, offline=offline,
                                         edition=edition, whole=whole)
    _echo_problems(report)
    for path in written:
        click.echo(f"PDF written to {_shown(path)}")


@cli.command()
@click.option("--edition", metavar="DATE", default=None,
              help="The edition to send (YYYY-MM-DD; a weekly edition by any day of its week) [default: the latest].")
@click.option("--lang", "languages", multiple=True, help="Site language (repeatable) [default: all].")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into [default: dist/newsletter].")
@click.option("--site-url", default=None, metavar="URL",
              help="The published site's URL, for absolute links [default: site_url in mkdocs.yml].")
@click.option("--from", "sender", default=None, metavar="ADDRESS", help="From: of the .eml draft.")
@click.option("--to", "recipients", multiple=True, metavar="ADDRESS", help="To: of the .eml draft (repeatable).")
@click.option("--offline", is_flag=True, help="Make no network connection: missing translations stay pending.")
@VERBOSE
@click.pass_obj
def newsletter(config_file: Path, edition: str | None, languages: tuple[str, ...], output: Path | None,
               site_url: str | None, sender: str | None, recipients: tuple[str, ...], offline: bool) -> None:
    """Write an edition as an e-mail per language: HTML, plain text and an .eml draft. Sends nothing."""
    from .outputs import newsletter as newsletter_mod

    project = Project.load(config_file)
    chosen = _languages(project.config, languages)
    out_dir = output or project.dist / "newsletter"
    with pipeline.exclusive(project.config):
        report, written = newsletter_mod.export(project, out_dir, chosen, edition=edition,
                                                site_url=site_url, sender=sender, recipients=recipients,
                                                offline=offline)
    _echo_problems(report)
    for files in written:
        click.echo(f"Newsletter written to {_shown(files.html)}, {_shown(files.text)} and {_shown(files.eml)}")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Zip to write [default: dist/briefing-offline.zip].")
@click.option("--offline", is_flag=True, help="Make no network connection: missing translations stay pending.")
@VERBOSE
@click.pass_obj
def bundle(config_file: Path, output: Path | None, offline: bool) -> None:
    """Write the offline HTML bundle: every language, with search, working from file://."""
    from .outputs import bundle as bundle_mod

    project = Project.load(config_file)
    out = output or project.dist / "briefing-offline.zip"
    with pipeline.exclusive(project.config):
        report = bundle_mod.export(project, out, offline=offline)
    _echo_problems(report)
    click.echo(f"Offline bundle written to {_shown(out)}")


@cli.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option("--offline", is_flag=True, help="Make no network connection: missing translations stay pending.")
@VERBOSE
@click.pass_obj
def serve(config_file: Path, dev_addr: str, offline: bool) -> None:
    """Preview the site with live reload; edits to the inbox, content and templates rebuild it."""
    from .outputs.preview import serve as serve_site

    serve_site(Project.load(config_file), dev_addr, offline=offline)


def _languages(config, languages: tuple[str, ...]) -> list[str]:
    """The site languages asked for with --lang (all when none), refusing any other."""
    chosen = list(languages) or config.languages
    unknown = [code for code in chosen if code not in config.languages]
    if unknown:
        raise click.BadParameter(f"not a site language: {', '.join(unknown)} (site languages: "
                                 f"{', '.join(config.languages)})", param_hint="--lang")
    return chosen


def _echo_problems(report) -> None:
    """What `pdf` and `bundle` could not include as it should be: skipped, failed, pending and outdated articles."""
    from .outputs.report import named

    for line in report.skipped:
        click.echo(f"  skipped {line}", err=True)
    for line in report.problems:
        click.echo(f"  error {line}", err=True)
    for line in named("pending translation", report.pending) + named("translation outdated", report.outdated):
        click.echo(line, err=True)


def _default_config():
    from .config import BriefingConfig

    return BriefingConfig()


def _progress(items, total: int):
    """A progress bar on a terminal when many articles need deriving; plain iteration otherwise."""
    if total < 20 or not sys.stderr.isatty():
        if total >= 20:
            log.info("Deriving %d articles", total)
        yield from items
        return
    with click.progressbar(items, length=total, label="Deriving articles", file=sys.stderr, show_pos=True) as bar:
        yield from bar


def main() -> None:
    """Entry point: report BriefingErrors as one clean message and exit 1."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BriefingError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    _exit_now()


def _exit_now() -> None:
    """End a command that succeeded without freeing its objects one by one (a few tenths of a second at archive
    scale, after the work is done): logs and output flushed, every file it wrote already closed."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _shown(path: Path) -> Path:
    """`path` as the user would type it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path
