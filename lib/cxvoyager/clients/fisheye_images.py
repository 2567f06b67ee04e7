"""Fisheye ISO images and their chunked upload protocols.

Both image kinds use the same protocol with different paths. A call creates
a volume and returns ``chunk_size`` (8 MiB on every captured system) and
``to_upload``, the 0-based chunk numbers the server still expects. Each
chunk goes as multipart part ``file`` with ``zbs_volume_id``, ``chunk_num``
and ``image_uuid`` in the query. The upload is complete when ``to_upload``
comes back empty, and there is no commit call.
"""

from __future__ import annotations

import logging
from typing import Any

from cxvoyager.clients.fisheye_base import SERVICE, FisheyeBase
from cxvoyager.clients.fisheye_network import items_of
from cxvoyager.clients.models import parse, parse_list
from cxvoyager.clients.models.fisheye import ChunkAck, Image, UploadVolume
from cxvoyager.clients.upload import UploadState

logger = logging.getLogger(__name__)

# bytes; every captured create-volume response gives 8 MiB. The image list does
# not repeat it, so a resumed volume assumes it. A server with another size
# rejects the first chunk, and upload_image then starts on a fresh volume.
RESUME_CHUNK_SIZE = 8 * 1024 * 1024


class FisheyeImages(FisheyeBase):
    """ISO image calls of the Fisheye client."""

    def list_images(self) -> list[Image]:
        """Return the ISO images stored in the cluster.

        Raises:
            ApiError: the call failed.
        """
        data = self.call("GET", "/api/v2/images", action="list_images")
        return parse_list(Image, items_of(data, "images"), service=SERVICE, action="list_images")

    def find_image(self, name: str, *, size: int | None = None) -> Image | None:
        """Return a complete image called ``name`` (of ``size`` bytes when given), or None.

        Raises:
            ApiError: the call failed.
        """
        for image in self.list_images():
            if (
                image.name == name
                and image.path
                and image.is_complete
                and (size is None or image.size == size)
            ):
                return image
        return None

    def find_unfinished_upload(self, name: str, *, size: int) -> Image | None:
        """Return an unfinished upload volume called ``name`` of ``size`` bytes, or None.

        A run that died mid-upload leaves such a volume behind, and the next
        run continues it instead of creating a second image.

        Raises:
            ApiError: the call failed.
        """
        for image in self.list_images():
            if image.name == name and image.size == size and not image.is_complete:
                return image
        return None

    def delete_image(self, image_uuid: str) -> None:
        """Delete an image or an unfinished upload volume.

        Raises:
            ApiError: the call failed.
        """
        self.call("DELETE", f"/api/v2/images/{image_uuid}", action="delete_image")

    def image_upload(self, *, description: str = "") -> ImageVolumeProtocol:
        """Return the chunk protocol that uploads an ISO into the image store (CloudTower ISO)."""
        return ImageVolumeProtocol(self, description=description)

    def vmtools_upload(self) -> VmToolsVolumeProtocol:
        """Return the chunk protocol that uploads the VMTools (SVT) ISO."""
        return VmToolsVolumeProtocol(self)


class ImageVolumeProtocol:
    """``ChunkProtocol`` of ``/api/v2/images/upload`` (the CloudTower ISO).

    Args:
        client: the Fisheye client to call.
        description: the image description shown in the cluster.
    """

    create_path = "/api/v2/images/upload/volume"
    chunk_path = "/api/v2/images/upload"
    # GET /api/v2/images lists unfinished ISO volumes, so an interrupted upload can be found.
    resumable = True

    def __init__(self, client: FisheyeImages, *, description: str = "") -> None:
        self.client = client
        self.description = description
        self.volume: UploadVolume | None = None

    def create_params(self, *, name: str, size: int) -> dict[str, Any]:
        """Return the query of the call that creates the volume."""
        # NOTE: captured traffic sends task_id=1 while the vendor's text gives 2;
        # its meaning is unknown and both values are accepted by real nodes.
        return {
            "description": self.description,
            "name": name,
            "device": "nfs",
            "task_id": 1,
            "size": size,
        }

    def open(self, *, name: str, size: int, sha256: str) -> UploadState:
        """Create the volume, or continue an unfinished one of the same name and size.

        The volume is the one this protocol created or resumed before, or else
        one an earlier, interrupted run left in the image store.

        Raises:
            ApiError: the volume could not be created.
        """
        if self.volume is None and self.resumable:
            resumed = self._resume(name=name, size=size)
            if resumed is not None:
                return resumed
        if self.volume is None:
            data = self.client.call(
                "POST",
                self.create_path,
                params=self.create_params(name=name, size=size),
                action="create_upload_volume",
            )
            self.volume = parse(UploadVolume, data, service=SERVICE, action="create_upload_volume")
            logger.info(
                "upload volume %s for %s: %d chunks of %d bytes",
                self.volume.image_uuid,
                name,
                len(self.volume.to_upload),
                self.volume.chunk_size,
            )
        return UploadState(
            upload_id=self.volume.image_uuid,
            chunk_size=self.volume.chunk_size,
            missing=list(self.volume.to_upload),
        )

    def _resume(self, *, name: str, size: int) -> UploadState | None:
        """Adopt an unfinished volume of an interrupted run; None when there is none.

        Only a chunk response lists the chunks still missing, so the state
        puts the last chunk first. An interrupted run sent chunks in order, so
        the last one is the likeliest to be missing. Its response then gives
        the server's list for the rest.
        """
        image = self.client.find_unfinished_upload(name, size=size)
        if image is None or not image.zbs_volume_id:
            return None
        chunks = -(-size // RESUME_CHUNK_SIZE)
        order = [chunks - 1, *range(chunks - 1)]
        self.volume = UploadVolume(
            chunk_size=RESUME_CHUNK_SIZE,
            image_uuid=image.uuid,
            zbs_volume_id=image.zbs_volume_id,
            image_path=image.path or "",
            to_upload=order,
        )
        logger.info("resuming the unfinished upload volume %s of %s", image.uuid, name)
        return UploadState(
            upload_id=image.uuid, chunk_size=RESUME_CHUNK_SIZE, missing=order, resumed=True
        )

    def send(self, state: UploadState, *, index: int, offset: int, data: bytes) -> UploadState:
        """Send chunk ``index`` and return what the server still expects.

        Raises:
            ApiError: the chunk was not accepted.
        """
        volume = self._volume()
        params = {
            "zbs_volume_id": volume.zbs_volume_id,
            "chunk_num": index,
            "image_uuid": volume.image_uuid,
        }
        answer = self.client.call(
            "POST",
            self.chunk_path,
            params=params,
            files={"file": ("blob", data)},
            idempotent=True,
            action="upload_chunk",
        )
        ack = parse(ChunkAck, answer or {}, service=SERVICE, action="upload_chunk")
        missing = (
            ack.to_upload
            if answer and "to_upload" in answer
            else [chunk for chunk in state.missing if chunk != index]
        )
        self.volume = volume.model_copy(update={"to_upload": list(missing)})
        return UploadState(
            upload_id=state.upload_id, chunk_size=state.chunk_size, missing=list(missing)
        )

    def finish(self, state: UploadState) -> UploadVolume:
        """Return the finished volume (``image_uuid``, ``image_path``); no call is needed."""
        return self._volume()

    def abandon(self) -> None:
        """Delete the unfinished volume so the next attempt starts clean.

        Raises:
            ApiError: the delete call failed.
        """
        if self.volume is not None:
            self.client.call(
                "DELETE", f"/api/v2/images/{self.volume.image_uuid}", action="delete_image"
            )
            self.volume = None

    def _volume(self) -> UploadVolume:
        if self.volume is None:
            raise RuntimeError("open() must run before send() and finish()")
        return self.volume


class VmToolsVolumeProtocol(ImageVolumeProtocol):
    """``ChunkProtocol`` of ``/api/v2/svt_image`` (the VMTools ISO)."""

    create_path = "/api/v2/svt_image/create_volume"
    chunk_path = "/api/v2/svt_image/upload_template"
    # NOTE: no captured call lists VMTools volumes, so an interrupted one is not found again.
    resumable = False

    def __init__(self, client: FisheyeImages) -> None:
        super().__init__(client)

    def create_params(self, *, name: str, size: int) -> dict[str, Any]:
        """Return the query of the call that creates the VMTools volume."""
        return {"name": name, "size": size}
