"""How a render talks to its kernel: jupyter_client's manager and client, ready without idling.

jupyter_client's ``wait_for_ready`` ends by listening to the kernel's IOPub channel until it
has been silent for 0.2 s, to drop the status messages of its ``kernel_info`` request. Every
render pays those 0.2 s doing nothing, a tenth of a report in a batch. nbclient, which runs
the cells, reads only the IOPub messages of the request it sent (it matches each message's
parent id), so the messages the flush would drop are ignored anyway. :class:`ReportKernelClient`
is jupyter_client's asynchronous client without that flush; :class:`ReportKernelManager`
hands it out. Renders run every kernel through the manager (forked kernels through a subclass,
:func:`unvotes_lib.reports.forking.kernel_manager_class`).
"""

from __future__ import annotations

import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import DottedObjectName, Type

__all__ = ["ReportKernelClient", "ReportKernelManager"]


class ReportKernelClient(AsyncKernelClient):
    """jupyter_client's ``AsyncKernelClient``, ready as soon as the kernel answers and IOPub works.

    Examples
    --------
    >>> ReportKernelManager().client_factory is ReportKernelClient
    True
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Wait until the kernel answers ``kernel_info`` and its IOPub channel delivers.

        Parameters
        ----------
        timeout : float, optional
            Seconds before giving up (default: no limit).

        Returns
        -------
        None

        Raises
        ------
        RuntimeError
            The kernel died, or did not answer within ``timeout`` (as jupyter_client says).
        """
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:  # jupyter_client's loop, without the final 0.2 s flush of IOPub
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:  # IOPub is connected once the status of that request arrives on it
                    await self.iopub_channel.get_msg(timeout=0.2)
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                msg = "Kernel died before replying to kernel_info"
                raise RuntimeError(msg)
            if time.monotonic() > deadline:
                msg = f"Kernel didn't respond in {timeout:.0f} seconds"
                raise RuntimeError(msg)


class ReportKernelManager(AsyncKernelManager):
    """jupyter_client's ``AsyncKernelManager`` whose clients are :class:`ReportKernelClient`.

    Examples
    --------
    >>> manager = ReportKernelManager(kernel_name="python3")
    >>> type(manager.client()).__name__
    'ReportKernelClient'
    """

    client_class = DottedObjectName("unvotes_lib.reports.kernel_client.ReportKernelClient")
    client_factory = Type(ReportKernelClient, klass=AsyncKernelClient)
