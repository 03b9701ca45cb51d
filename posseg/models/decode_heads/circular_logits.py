"""The final resize of an mmseg decode head's logits, wrapped under circular padding."""
from ...layers import CircularResamplingMixin


class CircularLogitsMixin(CircularResamplingMixin):
    """:class:`CircularResamplingMixin` for an mmseg decode head, down to its logits.

    mmseg resizes a head's logits (stride 8, say) to the labels in ``loss_by_feat``
    and to the image in ``predict_by_feat``, outside ``forward``. Under circular
    padding these resizes wrap as well, so a circular shift of the image by a
    multiple of the output stride shifts the full-resolution logits exactly, and
    pixels at the edge are interpolated from their neighbours across it, as
    everywhere else. Otherwise they are mmseg's.
    """

    def loss_by_feat(self, seg_logits, batch_data_samples):
        with self.resampling():
            return super().loss_by_feat(seg_logits, batch_data_samples)

    def predict_by_feat(self, seg_logits, batch_img_metas):
        with self.resampling():
            return super().predict_by_feat(seg_logits, batch_img_metas)
