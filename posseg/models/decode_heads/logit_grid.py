"""Logits cropped to the image's grid, for decode heads that combine feature levels."""
from ...layers import center_align


class LogitGridMixin:
    """``logit_grid``: the ``(h, w)`` a head's logits are center-cropped to.

    ``MarginEncoderDecoder`` sets it per input size on heads that combine levels
    (UPerNet, DeepLabV3+), whose levels it cannot crop one by one; ``None`` (the
    default) leaves the logits as they are.
    """

    logit_grid = None

    def crop_to_logit_grid(self, logits):
        """Returns: Tensor: ``logits`` center-cropped to ``logit_grid``."""
        return logits if self.logit_grid is None else center_align(
            logits, *self.logit_grid)
