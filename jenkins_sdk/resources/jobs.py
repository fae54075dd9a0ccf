"""Jobs: list (recursively, in one request), read, configure, create, copy, rename and delete."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from jenkins_sdk import errors
from jenkins_sdk.models import Job, JobSummary, ParameterDefinition, structure, tree_of
from jenkins_sdk.refs import JobRef, JobSpec, encode_segment, job_path
from jenkins_sdk.resources import _shapes
from jenkins_sdk.resources._branches import ScanOperations
from jenkins_sdk.resources._job_admin import JobAdminOperations, name_matcher

if TYPE_CHECKING:
    from jenkins_sdk._http.requester import Requester

__all__ = ["FOLDER_XML", "MAX_LEVELS_PER_REQUEST", "JobOperations"]

#: How many folder levels one listing request nests in its ``tree=``. Each level adds ~60 URL
#: bytes, far below Jetty's 8 KiB request-header limit, and Jenkins prunes the walk itself;
#: deeper trees are continued with one more request per folder still holding children.
MAX_LEVELS_PER_REQUEST = 12

#: The config.xml of an empty CloudBees folder (what ``create_folder`` posts).
FOLDER_XML = (
    "<?xml version='1.1' encoding='UTF-8'?>\n"
    '<com.cloudbees.hudson.plugins.folder.Folder plugin="cloudbees-folder">\n'
    "  <actions/>\n  <description></description>\n  <properties/>\n  <folderViews/>\n"
    "  <healthMetrics/>\n</com.cloudbees.hudson.plugins.folder.Folder>\n"
)

_XML_HEADERS = {"Content-Type": "application/xml; charset=UTF-8"}
# Asks a deepest-level folder for its first child only: enough to know it has children.
_LISTING = "job listing"
_PROBE = "jobs[name]{,1}"


def _top_level_fields(spec: str) -> builtins.list[str]:
    """Split a ``tree`` spec on its top-level commas (brackets and braces kept whole)."""
    fields: builtins.list[str] = []
    depth = 0
    current = ""
    for char in spec:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        if char == "," and depth == 0:
            fields.append(current)
            current = ""
        else:
            current += char
    if current:
        fields.append(current)
    return fields


# Rebuilt on the client from the listing's own nesting, so never asked for: ``fullName`` is the
# path of names, and ``url`` comes from the client's base URL (an absolute URL from the JSON is
# never trusted: behind a proxy it names Jenkins' own idea of its root). Dropping both from every
# level of the nested tree more than halves the response of a big recursive listing.
_REBUILT = ("url", "fullName", "jobs")


def _summary_fields() -> str:
    """The ``JobSummary`` fields asked at every listing level (``_class,name,color``)."""
    fields = [f for f in _top_level_fields(tree_of(JobSummary)) if not f.startswith(_REBUILT)]
    return ",".join(dict.fromkeys(["_class", "name", *fields]))


def _nested_tree(levels: int, probe: bool) -> str:
    """``jobs[F,jobs[F,...]]`` nested ``levels`` deep; the deepest level optionally probes on."""
    fields = _summary_fields()
    inner = f"{fields},{_PROBE}" if probe else fields
    for _ in range(levels - 1):
        inner = f"{fields},jobs[{inner}]"
    return f"jobs[{inner}]"


def _flatten(
    entries: Any,
    parent: JobRef | None,
    level: int,
    last_level: int,
    pending: builtins.list[JobRef],
    url_for: Callable[[str], str],
) -> Iterator[JobSummary]:
    """Yield nested listing entries depth first; folders past ``last_level`` go to ``pending``.

    Each entry's ``fullName`` is rebuilt from the nesting and its ``url`` on the client's base
    URL (``url_for``), whatever the JSON says.
    """
    base = (parent.segments, parent.full_name, parent.path) if parent is not None else None
    yield from _flatten_level(entries, base, level, last_level, pending, url_for)


def _flatten_level(
    entries: Any,
    parent: tuple[tuple[str, ...], str, str] | None,
    level: int,
    last_level: int,
    pending: builtins.list[JobRef],
    url_for: Callable[[str], str],
) -> Iterator[JobSummary]:
    # ``parent`` is (segments, full name, path): names and paths grow by one segment per entry,
    # so a 2,000-job listing does not rebuild (and re-check) every ancestor for every job.
    segments, full, path = parent if parent is not None else ((), "", "")
    listed = _shapes.as_list(entries, _LISTING, path="$.jobs")
    for where, raw in _shapes.objects(listed, _LISTING, path="$.jobs"):
        text = _shapes.string(raw.get("name"), _LISTING, path=f"{where}.name")
        if not text:
            raise errors.ResponseShapeError(f"job listing entry has no name: {str(raw)[:80]!r}")
        name = JobRef((text,)).name  # the same checks as any JobRef segment
        here = (
            (*segments, name),
            f"{full}/{name}" if full else name,
            f"{path}job/{encode_segment(name)}/",
        )
        entry = {k: v for k, v in raw.items() if k != "jobs"}
        entry["fullName"] = here[1]
        entry["url"] = url_for(here[2])
        yield structure(entry, JobSummary)
        children = raw.get("jobs")
        if not children:
            continue
        if level < last_level:
            yield from _flatten_level(children, here, level + 1, last_level, pending, url_for)
        else:
            pending.append(JobRef(here[0]))


def _config_bytes(xml: str | bytes) -> bytes:
    """config.xml as UTF-8 bytes without a BOM (Jenkins' XML parser rejects one)."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    return data.removeprefix(b"\xef\xbb\xbf")


class JobOperations(ScanOperations, JobAdminOperations):
    """Operations on jobs and folders, reached as ``client.jobs``."""

    def __init__(self, requester: Requester) -> None:
        """Bind the operations to the client's requester."""
        self._requester = requester

    # --- listing ----------------------------------------------------------------------------

    def list(
        self,
        folder: JobSpec | None = None,
        *,
        recursive: bool = False,
        depth: int | None = None,
    ) -> builtins.list[JobSummary]:
        """List the jobs in ``folder`` (the root by default), flattened, with full names.

        ``recursive=True`` descends into every folder; ``depth`` caps the levels listed (1 = the
        folder's own children, and giving it implies a recursive walk to that depth). A tree of
        up to :data:`MAX_LEVELS_PER_REQUEST` levels comes back in ONE request through a nested
        ``tree=``; deeper folders cost one more request each. Folders are listed before their
        contents; each entry's ``full_name`` is ``"folder/sub/job"``.
        """
        if depth is not None and depth < 1:
            raise ValueError("depth must be >= 1")
        levels = depth if depth is not None else (None if recursive else 1)
        base = JobRef.parse(folder) if folder is not None else None
        return builtins.list(self._walk(base, levels))

    def _walk(self, base: JobRef | None, levels: int | None) -> Iterator[JobSummary]:
        this_request = min(levels, MAX_LEVELS_PER_REQUEST) if levels else MAX_LEVELS_PER_REQUEST
        more = levels is None or levels > this_request
        tree = _nested_tree(this_request, probe=more)
        path = f"{base.path}api/json" if base is not None else "api/json"
        data = _shapes.as_object(self._requester.get_json(path, tree=tree), _LISTING, null=True)
        pending: builtins.list[JobRef] = []
        entries = data.get("jobs")
        yield from _flatten(entries, base, 1, this_request, pending, self._requester.url_for)
        remaining = None if levels is None else levels - this_request
        for sub in pending:
            yield from self._walk(sub, remaining)

    def search(
        self, pattern: str, *, folder: JobSpec | None = None, regex: bool = False
    ) -> builtins.list[JobSummary]:
        """Jobs and folders whose full names match ``pattern``, from ONE recursive listing.

        ``pattern`` is a glob on the full name (``team/*-deploy``; case-insensitive, ``*``
        crosses folders; without ``*``, ``?`` or ``[`` it matches anywhere in the name) or, with
        ``regex=True``, a regular expression searched in it. ``folder`` limits the search. Trees
        deeper than :data:`MAX_LEVELS_PER_REQUEST` levels cost one more request per folder.
        """
        matches = name_matcher(pattern, regex=regex)
        return [j for j in self.list(folder, recursive=True) if matches(j.full_name or j.name)]

    # --- read -------------------------------------------------------------------------------

    def get(self, job: JobSpec) -> Job:
        """Return a job (freestyle, pipeline, folder or multibranch project)."""
        return self._requester.get_model(f"{job_path(job)}api/json", Job)

    def exists(self, job: JobSpec) -> bool:
        """Return whether ``job`` exists (and the user may read it: Jenkins hides the rest)."""
        return self._requester.exists(f"{job_path(job)}api/json")

    def parameters(self, job: JobSpec) -> builtins.list[ParameterDefinition]:
        """Return the parameter definitions of ``job``, with defaults and choices.

        Current cores list them under ``property``; older ones under ``actions``: both are read.
        """
        inner = tree_of(ParameterDefinition)
        tree = f"property[parameterDefinitions[{inner}]],actions[parameterDefinitions[{inner}]]"
        what = "job JSON"
        data = _shapes.as_object(
            self._requester.get_json(f"{job_path(job)}api/json", tree=tree), what
        )
        found: builtins.list[ParameterDefinition] = []
        seen: set[str] = set()
        for key in ("property", "actions"):
            holders = _shapes.member_list(data, key, what)
            for where, holder in _shapes.objects(holders, what, path=f"$.{key}", null=True):
                defined = _shapes.member_list(holder, "parameterDefinitions", what, path=where)
                for definition in (structure(d, ParameterDefinition) for d in defined):
                    if definition.name not in seen:
                        seen.add(definition.name)
                        found.append(definition)
        return found

    def get_config(self, job: JobSpec) -> str:
        """Return the job's ``config.xml``."""
        return self._requester.get_text(f"{job_path(job)}config.xml")

    def update_config(self, job: JobSpec, xml: str | bytes) -> None:
        """Replace the job's ``config.xml`` (sent as UTF-8 XML, any BOM removed)."""
        self._requester.post(
            f"{job_path(job)}config.xml", data=_config_bytes(xml), headers=_XML_HEADERS
        )

    # --- create / change --------------------------------------------------------------------

    def create(self, job: JobSpec, xml: str | bytes, *, create_parents: bool = False) -> JobRef:
        """Create ``job`` from a ``config.xml`` and return its reference.

        Raises:
            NotFound: a parent folder does not exist and ``create_parents`` is false.
            BadRequest: the job already exists, or Jenkins refuses the name.
        """
        ref = JobRef.parse(job)
        if create_parents and ref.parent is not None:
            self._ensure_folders(ref.parent)
        self._create_item(ref, _config_bytes(xml))
        return ref

    def create_folder(self, folder: JobSpec, *, create_parents: bool = False) -> JobRef:
        """Create an empty folder (CloudBees Folders plugin) and return its reference.

        Raises:
            NotFound: a parent folder does not exist and ``create_parents`` is false.
            BadRequest: an item with that name already exists.
        """
        return self.create(folder, FOLDER_XML, create_parents=create_parents)

    def _ensure_folders(self, folder: JobRef) -> None:
        """Create ``folder`` and every missing ancestor, top down."""
        chain: builtins.list[JobRef] = []
        current: JobRef | None = folder
        while current is not None and not self.exists(current):
            chain.append(current)
            current = current.parent
        for missing in reversed(chain):
            self._create_item(missing, _config_bytes(FOLDER_XML))

    def _create_item(self, ref: JobRef, body: bytes) -> None:
        parent = ref.parent
        path = f"{parent.path}createItem" if parent is not None else "createItem"
        try:
            self._requester.post(path, params={"name": ref.name}, data=body, headers=_XML_HEADERS)
        except errors.NotFound as exc:
            if parent is None:
                raise
            raise errors.NotFound(
                f"cannot create {ref.full_name!r}: the folder {parent.full_name!r} does not exist "
                "(pass create_parents=True to create missing folders)",
                method=exc.method,
                url=exc.url,
                status=exc.status,
            ) from exc

    def copy(self, src: JobSpec, dest: JobSpec) -> JobRef:
        """Copy ``src`` to ``dest`` (any folder) and return the new job's reference.

        Jenkins holds builds of a copied job until its configuration is saved once; call
        :meth:`update_config` with the copy's own ``config.xml`` to lift that.
        """
        source = JobRef.parse(src)
        target = JobRef.parse(dest)
        parent = target.parent
        path = f"{parent.path}createItem" if parent is not None else "createItem"
        form = {"name": target.name, "mode": "copy", "from": f"/{source.full_name}"}
        self._requester.post(path, data=form)
        return target

    def rename(self, job: JobSpec, new_name: str) -> JobRef:
        """Rename ``job`` within its folder and return the new reference."""
        ref = JobRef.parse(job)
        self._requester.post(f"{ref.path}doRename", data={"newName": new_name})
        return ref.parent.child(new_name) if ref.parent is not None else JobRef.parse([new_name])

    def delete(self, job: JobSpec) -> None:
        """Delete ``job`` (a folder with everything in it)."""
        self._requester.post(f"{job_path(job)}doDelete")

    def enable(self, job: JobSpec) -> None:
        """Enable a disabled job."""
        self._requester.post(f"{job_path(job)}enable")

    def disable(self, job: JobSpec) -> None:
        """Disable a job (its queued builds are cancelled; new triggers get 409)."""
        self._requester.post(f"{job_path(job)}disable")
