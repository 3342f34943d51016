"""Kernels forked from a process that has already imported what the reports import.

A batch renders many reports, and every fresh kernel spends two to three seconds of CPU
importing the same modules (IPython, pandas, pyarrow, matplotlib, the library) before its
first cell does any work. A :class:`KernelForkServer` pays that once: it starts one *zygote*
process that imports :data:`PRELOAD` and then waits; every kernel of the batch is a
``fork()`` of it, so the imports are shared copy-on-write and a kernel is ready in
milliseconds.

How a forked kernel fits jupyter_client, unchanged:

- papermill gets :func:`kernel_manager_class`, a
  :class:`~unvotes_lib.reports.kernel_client.ReportKernelManager` (jupyter_client's
  ``AsyncKernelManager``) whose kernel command is a small *launcher* (``python -I -S``,
  standard library only) instead of ``python -m ipykernel_launcher``. jupyter_client
  starts, signals, waits for and kills the launcher as it would a kernel;
- the launcher sends the zygote its connection file, working folder, environment and
  standard streams; the zygote forks; the child takes them over and becomes an ordinary
  ipykernel (``IPKernelApp``) on that connection file;
- the launcher forwards the signals it gets (interrupts, terminate) to the kernel and exits
  when the kernel ends; the kernel ends when the launcher ends (a socket between them
  closes), and the zygote ends when the process that started it ends. Killing a batch
  therefore leaves no kernel behind, as with fresh kernels.

A forked kernel runs exactly what a fresh one runs: the same ipykernel start-up after the
fork, the inline matplotlib backend chosen the same way (``MPLBACKEND``, before matplotlib
is imported) and loaded only at the kernel's first figure, where it hooks itself into the
kernel's IPython shell (``matplotlib.pyplot`` imports no backend). ``tests/test_report_forking.py``
renders the same report both ways and compares the pages byte for byte. POSIX only (``fork``, ``AF_UNIX``);
elsewhere batches use fresh kernels.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

__all__ = ["PRELOAD", "KernelForkServer", "available", "kernel_manager_class"]

#: What the zygote imports before forking kernels: the modules the report notebooks import,
#: and ``module:function`` entries, called (caches of data that never changes: package data).
PRELOAD = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",  # what a kernel's start imports (debugpy, pydevd: 0.06 s each kernel)
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.pyplot",  # its backend (the inline one) loads at the first figure, in the kernel
    "great_tables",
    "unvotes_lib",
    "unvotes_lib.agreement",
    "unvotes_lib.blocs",
    "unvotes_lib.briefs",
    "unvotes_lib.ideal",
    "unvotes_lib.plots",
    "unvotes_lib.reports.kernel",
    "unvotes_lib.shifts",
    "unvotes_lib.store",
    "unvotes_lib.tables",
    "unvotes_lib.tally",
    # package data every report reads, parsed once (functools.cache): "module:function" is called
    "unvotes_lib.bundled:blocs_table",
    "unvotes_lib.bundled:sc_elected",
    "unvotes_lib.reports.kernel:_warm",  # the provenance template compiled, the version read
)

#: The launcher jupyter_client runs as "the kernel": argv = connection file, zygote socket,
#: then the kernel's extra arguments.
LAUNCHER = r"""
import json, os, select, signal, socket, sys
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect(sys.argv[2])
request = {"connection_file": sys.argv[1], "arguments": sys.argv[3:]}
request.update(cwd=os.getcwd(), env=dict(os.environ))
request = json.dumps(request).encode()
socket.send_fds(conn, [len(request).to_bytes(8, "big") + request], [0, 1, 2])
reply = b""
while not reply.endswith(b"\n"):
    chunk = conn.recv(64)
    if not chunk:
        sys.exit(1)
    reply += chunk
kernel = int(reply)
def forward(signum, frame):
    try:
        os.kill(kernel, signum)
    except OSError:
        pass
for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2):
    signal.signal(signum, forward)
parent = os.getppid()
while True:
    ready, _, _ = select.select([conn], [], [], 0.5)
    if ready and not conn.recv(64):
        sys.exit(0)
    if os.getppid() != parent:
        forward(signal.SIGKILL, None)
        sys.exit(1)
"""


#: The zygote's program: argv = socket path, parent pid, modules to preload.
_ZYGOTE = (
    "import sys; from unvotes_lib.reports.forking import _serve; "
    "_serve(sys.argv[1], int(sys.argv[2]), sys.argv[3:])"
)


def available() -> bool:
    """Whether kernels can be forked here (POSIX with ``fork`` and Unix sockets).

    Returns
    -------
    bool

    Examples
    --------
    >>> import sys
    >>> available() == (hasattr(os, "fork") and hasattr(socket, "send_fds") and sys.platform != "win32")
    True
    """
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and sys.platform != "win32"


class KernelForkServer:
    """One zygote process for the kernels of this process, started on first use.

    Parameters
    ----------
    preload : sequence of str
        Modules the zygote imports before it forks any kernel.

    Examples
    --------
    >>> server = KernelForkServer()
    >>> server.running
    False
    >>> server.close()  # nothing to stop
    """

    def __init__(self, preload=PRELOAD):
        self.preload = tuple(preload)
        self._process: subprocess.Popen | None = None
        self._ready = False
        self._folder: str | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """Whether the zygote is up (or starting)."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the zygote without waiting for its imports (:meth:`address` waits for them)."""
        with self._lock:
            if not self.running:
                self._start()

    def address(self) -> str:
        """The zygote's socket, once it is ready; starts the zygote if it is not running."""
        with self._lock:
            if not self.running:
                self._start()
            if not self._ready:
                line = self._process.stdout.readline()  # "ready" once the imports are done and it listens
                if line.strip() != b"ready":
                    self.close()
                    msg = (
                        "the kernel fork server did not start; "
                        "run the batch with fresh kernels (--fresh-kernels)"
                    )
                    raise RuntimeError(msg)
                self._ready = True
            return str(Path(self._folder) / "zygote")

    def _start(self) -> None:
        self.close()
        self._folder = tempfile.mkdtemp(prefix="unvotes-kernels-")
        address = str(Path(self._folder) / "zygote")
        self._ready = False
        self._process = subprocess.Popen(
            [sys.executable, "-c", _ZYGOTE, address, str(os.getpid()), *self.preload],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )

    def close(self) -> None:
        """Stop the zygote (kernels already forked keep running until their launcher ends)."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
        folder, self._folder = self._folder, None
        if folder is not None:
            with contextlib.suppress(OSError):
                Path(folder, "zygote").unlink(missing_ok=True)
                os.rmdir(folder)


def kernel_manager_class(address: str):
    """A :class:`~.kernel_client.ReportKernelManager` whose kernels are forked from the zygote at ``address``.

    Parameters
    ----------
    address : str
        The zygote's socket (:meth:`KernelForkServer.address`).

    Returns
    -------
    type
        Pass it to ``papermill.execute_notebook(..., kernel_manager_class=...)``.

    Examples
    --------
    >>> manager = kernel_manager_class("/tmp/unvotes-kernels-x/zygote")
    >>> manager.__name__, [c.__name__ for c in manager.__mro__[1:3]]
    ('ForkedKernelManager', ['ReportKernelManager', 'AsyncKernelManager'])
    """
    from .kernel_client import ReportKernelManager

    class ForkedKernelManager(ReportKernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, self.connection_file]
            return [*launcher, address, *(extra_arguments or [])]

    return ForkedKernelManager


# ---------------------------------------------------------------- the zygote process


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    while len(data) < 8:
        chunk = conn.recv(1 << 16)
        if not chunk:
            raise EOFError
        data += chunk
    size = int.from_bytes(data[:8], "big")
    body = data[8:]
    while len(body) < size:
        chunk = conn.recv(1 << 16)
        if not chunk:
            raise EOFError
        body += chunk
    return json.loads(body), fds


def _become_kernel(conn: socket.socket, request: dict, fds: list[int]) -> None:
    """In the forked child: take over the launcher's world, then run ipykernel; never returns."""
    status = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setsid()  # jupyter_client signals the launcher, not the zygote's group
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if sys.path and sys.path[0] == "":
            del sys.path[0]  # as ipykernel_launcher removes its working folder
        conn.sendall(f"{os.getpid()}\n".encode())

        def launcher_gone():  # the launcher ended (killed with its batch): so does the kernel
            with contextlib.suppress(OSError):
                while conn.recv(64):
                    pass
            os._exit(1)

        threading.Thread(target=launcher_gone, daemon=True, name="unvotes-launcher-watch").start()
        from ipykernel.kernelapp import IPKernelApp

        arguments = ["-f", request["connection_file"], *request["arguments"]]
        if request["env"].get("JPY_PARENT_PID"):  # read by ipykernel at import, i.e. in the zygote
            arguments.append(f"--IPKernelApp.parent_handle={request['env']['JPY_PARENT_PID']}")
        sys.argv = ["ipykernel_launcher", *arguments]
        IPKernelApp.launch_instance()
        status = 0
    except SystemExit as end:
        status = end.code if isinstance(end.code, int) else 0
    except BaseException:  # noqa: BLE001 - reported on the kernel's stderr, then the child ends
        import traceback

        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def _serve(address: str, parent: int, preload: list[str]) -> None:
    # As ipykernel does before anything imports matplotlib: the inline backend is the default.
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # pydevd (under ipykernel.debugger) warns at import about frozen modules: the zygote
    # has no debugger client, and a kernel's own stderr stays as a fresh kernel's would be.
    with contextlib.redirect_stderr(io.StringIO()):
        for name in preload:
            module, _, function = name.partition(":")
            with contextlib.suppress(Exception):  # a kernel that needs it will raise the error itself
                loaded = importlib.import_module(module)
                if function:
                    getattr(loaded, function)()
    # What was preloaded lives as long as the kernels: out of the garbage collector's sight, so
    # that a kernel's full collections do not walk (and copy, page by page) the shared imports.
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    sys.stdout.buffer.write(b"ready\n")
    sys.stdout.flush()
    while os.getppid() == parent:
        ready, _, _ = select.select([listener], [], [], 0.5)
        if not ready:
            continue
        conn, _ = listener.accept()
        try:
            request, fds = _receive(conn)
        except (OSError, EOFError, ValueError):
            conn.close()
            continue
        if os.fork() == 0:
            listener.close()
            _become_kernel(conn, request, fds)
        conn.close()
        for fd in fds:
            os.close(fd)
